"""What `tests/test_dead_code.py` may not count as dead, each with its reason.

Most of what Django uses without a Python call is recognised by the test itself (see `implicit_use`
there: settings, model fields and Meta options, overridden hooks of Django's classes, form fields and
`clean_<field>`, choices, record fields, names the templates read, dotted paths in strings). What is
left is listed here by file and name — no line numbers, so an entry survives edits around it — and
the test fails on an entry that no longer matches anything, so the list cannot go stale.
"""

from __future__ import annotations

# Decorators that register what they decorate, so the function is reached through a registry.
IGNORE_DECORATORS = {
    "@admin.register": "the Django admin site instantiates the ModelAdmin",
    "@register": "Django's system-check registry (core/checks.py) runs the check",
    "@register.*": "a template library's filter or tag, called from templates by its name",
    "@api.get": "a django-ninja operation, routed by the API object and described in its OpenAPI",
    "@receiver": "a signal receiver: Django's dispatcher calls it when the signal is sent",
}

# "path: name" -> why it is used although nothing in the product calls it.
WHITELIST: dict[str, str] = {
    # --- Django and libraries call these by name --------------------------------------------
    "cocreate/accounts/models.py:USERNAME_FIELD": "Django's auth reads it from a custom user model",
    "cocreate/accounts/models.py:EMAIL_FIELD": "Django's password reset reads it from a custom user model",
    "cocreate/core/checks.py:app_configs": "a system check's signature: Django passes it by keyword",
    "cocreate/core/middleware.py:csp_nonce": "django-csp's nonce on the request, read by templates and views "
    "(after the header is written it raises, as django-csp's own middleware makes it)",
    "config/urls.py:handler400": "Django reads handler400/403/404 from the root URLconf",
    "config/urls.py:handler403": "as handler400",
    "config/urls.py:handler404": "as handler400",
    "config/urls.py:site_header": "the admin site shows it as its title",
    "config/settings/base.py:ROOT_URLCONF": "a Django setting with no default (so not in global_settings)",
    "config/settings/base.py:TASKS": "django-tasks' setting: the task backend",
    "config/settings/test.py:TASKS": "as in base.py: the immediate backend for tests",
    "config/settings/test.py:WHITENOISE_AUTOREFRESH": "whitenoise's setting: serve files as they change",
    "cocreate/workshops/forms.py:label_from_instance": "ModelChoiceField calls it to label each choice",
    "cocreate/engines/sortition/_highs.py:*": "attributes of highspy's HighsLp model: the solver reads them",
    # --- only their tests use these; left to the rooms' owners, who are reworking them (issue 22)
    "cocreate/engines/opinions/store.py:add_vote": "engine API (documented in its __init__), tests only (H5)",
    "cocreate/engines/opinions/store.py:vote_of": "engine API, tests only: to decide with the engine (H5)",
    "cocreate/engines/opinions/store.py:votes_per_participant": "tests only: to decide with the engine (H5)",
    "cocreate/engines/opinions/polis_data.py:read_votes": "tests only: to decide with the engine (H5)",
    "cocreate/renewals/cycle.py:cycle_of": (
        "issue 16's interface for the rooms: which cycle a date belongs to (the pages use CycleSpan.holds)"
    ),
    # --- read by a test that proves a property of the whole product -------------------------
    "cocreate/core/access.py:access_rule": "tests/test_permissions.py reads it to prove every route has one",
    "cocreate/privacy/registry.py:unregistered_personal_fields": (
        "the privacy registry's completeness check, run by privacy/tests/test_registry.py over every model"
    ),
}
