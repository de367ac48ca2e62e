"""Personal data of the innovation community (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, NotPersonal

COMMUNITY = _("The innovation community: members, good practices, events")
HOLDINGS = [
    Holding(
        model="community.Profile",
        label=_("Your community profile"),
        purpose=COMMUNITY,
        subject="user",
        fields=("institution_text", "role_title", "country", "skills", "methods", "languages", "interests"),
        erase=Erase.DELETE,
        retention=_("Until you leave the community"),
        legal_basis=_("Consent"),
    ),
    Holding(
        model="community.Ambassador",
        label=_("Innovation ambassador"),
        purpose=COMMUNITY,
        subject="user",
        fields=("organisation", "since"),
        erase=Erase.DELETE,
    ),
    Holding(
        model="community.GoodPractice",
        label=_("Good practices you wrote"),
        purpose=COMMUNITY,
        subject="author",
        fields=("title", "problem", "result", "lessons", "state", "created_at"),
        files=("attachment",),
        erase=Erase.CONTRIBUTION,
    ),
    Holding(
        model="community.GoodPractice",
        label=_("Good practices naming you as contact"),
        purpose=COMMUNITY,
        subject="contact",
        fields=("title",),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="community.Event",
        label=_("Events you organise"),
        purpose=COMMUNITY,
        subject="organiser",
        fields=("title", "starts_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="community.Registration",
        label=_("Your event registrations"),
        purpose=COMMUNITY,
        subject="user",
        fields=("event", "status", "attended", "created_at"),
        erase=Erase.DELETE,
    ),
    Holding(
        model="community.StepDone",
        label=_("Learning steps you completed"),
        purpose=COMMUNITY,
        subject="user",
        fields=("step", "created_at"),
        erase=Erase.DELETE,
    ),
    Holding(
        model="community.Subscription",
        label=_("Newsletters you subscribed to"),
        purpose=COMMUNITY,
        subject="user",
        fields=("organisation", "created_at"),
        erase=Erase.DELETE,
        legal_basis=_("Consent"),
    ),
    Holding(
        model="community.Newsletter",
        label=_("Newsletters you sent"),
        purpose=COMMUNITY,
        subject="author",
        fields=("subject", "sent_at"),
        erase=Erase.UNLINK,
    ),
]
NOT_PERSONAL = [NotPersonal("community.MethodCard", ("name",), "a method's name")]
