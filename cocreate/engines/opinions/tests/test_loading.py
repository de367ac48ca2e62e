"""Reading Polis exports by column name, and refusing what cannot be read (no shared data
needed: the files are written here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cocreate.engines.opinions import VoteStore, adjusted_rand_index
from cocreate.engines.opinions.polis_data import PolisFormatError, load_open_data, polis_labels

COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n" + "".join(
    f"1,x,{c},0,0,0,{-1 if c == 3 else 1},text {c}\n" for c in range(4)
)


def _write(folder: Path, participants_votes: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "comments.csv").write_text(COMMENTS)
    (folder / "participants-votes.csv").write_text(participants_votes)
    return folder


OLD = (
    "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2,3\n"
    "0,0,0,3,2,1,1,1,-1,\n"
    "1,1,0,4,1,2,-1,-1,1,0\n"
    "2,,0,1,1,0,1,,,\n"
)
NEW = (  # newer exports put the participant's external id (xid) second
    "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2,3\n"
    "0,ext-a,0,0,3,2,1,1,1,-1,\n"
    "1,,1,0,4,1,2,-1,-1,1,0\n"
    "2,ext-c,,0,1,1,0,1,,,\n"
)


@pytest.mark.parametrize("text", [OLD, NEW], ids=["without xid", "with xid"])
def test_exports_load_by_column_name(tmp_path: Path, text: str) -> None:
    # Bug: the loader read group-id from column 1, which is xid in newer exports.
    conv = load_open_data(_write(tmp_path / "conv", text))
    assert conv.groups == {0: 0, 1: 1}
    m = conv.store.matrix()
    assert m.participant_ids == (0, 1, 2)
    assert m.statement_ids == (0, 1, 2, 3)
    assert m.moderated_out.tolist() == [False, False, False, True]
    assert conv.store.vote_of(1, 3) == 0 and conv.store.vote_of(0, 3) is None
    assert conv.store.vote_of(0, 2) == -1
    assert polis_labels(conv).tolist() == [0, 1, -1]


def test_both_layouts_give_the_same_conversation(tmp_path: Path) -> None:
    old = load_open_data(_write(tmp_path / "old", OLD))
    new = load_open_data(_write(tmp_path / "new", NEW))
    a, b = old.store.matrix(), new.store.matrix()
    assert np.array_equal(a.indices, b.indices) and np.array_equal(a.votes, b.votes)
    assert old.groups == new.groups


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("participant,n-votes,0,1\n0,1,1,\n", "no column group-id"),
        ("participant,group-id,n-votes\n0,0,1\n", "no statement columns"),
        ("participant,group-id,0,1\n0,0,1\n", "line 2: 3 cells for 4 columns"),
        ("participant,group-id,0,1\n0,0,1,agree\n", "line 2: the vote on 1 is 'agree'"),
        ("participant,group-id,0,1\n0,0,1,0.5\n", "not a whole number"),
        ("participant,group-id,0,1\n0,0,1,2\n", "the vote on 1 is '2'"),
    ],
)
def test_a_malformed_export_is_refused_clearly(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PolisFormatError, match=message):
        load_open_data(_write(tmp_path / "bad", text))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PolisFormatError, match=r"comments\.csv: file not found"):
        load_open_data(tmp_path / "empty")


def test_comparing_with_groups_that_did_not_load_is_nan(tmp_path: Path) -> None:
    text = "participant,xid,group-id,0,1\n0,a,,1,1\n1,b,,1,-1\n"
    conv = load_open_data(_write(tmp_path / "nogroups", text))
    polis = polis_labels(conv)
    both = polis >= 0
    assert np.isnan(adjusted_rand_index(polis[both], np.zeros(int(both.sum()), dtype=np.int64)))


def test_float_votes_are_refused_not_truncated() -> None:
    # Bug: add_votes cast with dtype=int64, so 0.7 became a pass and -0.5 a pass.
    store = VoteStore()
    with pytest.raises(ValueError, match=r"vote 1 is 0\.7"):
        store.add_votes(["p", "q"], ["s", "s"], [1, 0.7])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="integers"):
        store.add_votes(["p"], ["s"], np.array([1.0]))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="vote 2 is 5"):
        store.add_votes(["p", "q", "r"], ["s", "s", "s"], np.array([1, 0, 5]))
    with pytest.raises(ValueError):
        store.add_vote("p", "s", 0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.add_vote("p", "s", True)
    assert len(store) == 0 and store.n_participants == 0  # nothing half-recorded
    store.add_votes(["p"], ["s"], np.array([-1], dtype=np.int8))
    assert store.vote_of("p", "s") == -1
