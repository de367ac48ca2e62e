"""Signals of accounts, for apps above it that must hear of a change (ARCHITECTURE rule 6).

`consent_changed`: a participant gave or withdrew a consent; `wording` is the exact text they saw.
The privacy app keeps the record of consents (time and wording version) from it."""

from __future__ import annotations

from django.dispatch import Signal

consent_changed = Signal()  # sender=GuestParticipant, participant=…, purpose=str, wording=str, given=bool
