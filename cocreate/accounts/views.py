from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cocreate.accounts import admission, selectors, services, throttle
from cocreate.accounts.access import user_of
from cocreate.accounts.forms import (
    InvitationForm,
    LoginForm,
    NewOrganisationForm,
    OrganisationForm,
    ParticipantForm,
    ProfileForm,
    RoleForm,
    SignUpForm,
)
from cocreate.accounts.middleware import SESSION_KEY
from cocreate.accounts.models import Invitation, Membership, Organisation, User
from cocreate.accounts.participants import get_or_create_participant
from cocreate.core.access import public, rule, signed_in
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=60 * 60 * 24 * 365,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user: User = form.get_user()  # type: ignore[assignment]
        translation.activate(user.language)
        set_language_cookie(response, user.language)
        return response


login_view = public(LoginView.as_view())
logout_view = public(auth_views.LogoutView.as_view())


class PasswordResetView(auth_views.PasswordResetView):
    """Throttled per client address and per e-mail address typed. Over the address limit the form
    says so (that says nothing about any account); over one address's limit no more mail is sent,
    and the answer is the same as when a mail goes out."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        door = throttle.reset_door()
        email = form.cleaned_data["email"]
        if throttle.is_address_blocked(door, self.request):
            form.add_error(None, _("Too many reset requests from your network. Wait an hour and try again."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        over_account = throttle.is_blocked(door, self.request, email)
        throttle.record(door, self.request, email)
        if over_account:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


password_reset = public(PasswordResetView.as_view())
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
password_change = signed_in(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:profile")
    )
)


@signed_in
def profile(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            translation.activate(user.language)
            messages.success(request, _("Your profile is saved."))
            response = redirect("accounts:profile")
            set_language_cookie(response, user.language)
            return response
    memberships = user.memberships.select_related("organisation")
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


def _too_many_attempts(request: HttpRequest) -> HttpResponse:
    message = _("Too many attempts. Wait a quarter of an hour and try again.")
    return render(request, "accounts/throttled.html", {"message": message}, status=429)


@public
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    # Unknown links count per address (guessing tokens); sign-up attempts also per invitation.
    door = throttle.invitation_door()
    if throttle.is_address_blocked(door, request):
        return _too_many_attempts(request)
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        throttle.record(door, request)
        raise Http404
    if request.method == "POST":
        if throttle.is_blocked(door, request, str(invitation.pk)):
            return _too_many_attempts(request)
        throttle.record(door, request, str(invitation.pk))
    context: dict[str, Any] = {"invitation": invitation}
    if not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", context, status=410)
    user: Any = request.user
    if user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(invitation=invitation, user=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            except services.InvitationUnusable:
                return render(request, "accounts/invitation_unusable.html", context, status=410)
            else:
                request.session[SESSION_KEY] = str(invitation.organisation.pk)
                messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organisation})
                return redirect("home:dashboard")
        return render(request, "accounts/invitation_accept.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = reverse("accounts:login") + "?next=" + request.path
        return render(request, "accounts/invitation_login.html", context)
    form = SignUpForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.sign_up_with_invitation(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except services.InvitationUnusable:
            return render(request, "accounts/invitation_unusable.html", context, status=410)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_KEY] = str(invitation.organisation.pk)
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organisation})
            response = redirect("home:dashboard")
            set_language_cookie(response, new_user.language)
            return response
    context["form"] = form
    return render(request, "accounts/signup.html", context)


def _organisation(request: HttpRequest, organisation_id: UUID) -> Organisation:
    return selectors.get_organisation_for(user_of(request), organisation_id)


def _membership(request: HttpRequest, organisation_id: UUID, membership_id: UUID) -> Membership:
    org = _organisation(request, organisation_id)
    return get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=membership_id, organisation=org
    )


def _invitation(request: HttpRequest, organisation_id: UUID, invitation_id: UUID) -> Invitation:
    org = _organisation(request, organisation_id)
    return get_object_or_404(Invitation, pk=invitation_id, organisation=org)


@rule("accounts.list_organisations")
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": selectors.all_organisations_for_platform_admin(user_of(request))},
    )


@rule("accounts.add_organisation")
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org, token = services.create_organisation_with_admin(actor=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(org)s is set up. Its first admin can join with this link: %(link)s")
                % {"org": org.name, "link": services.invitation_link(token)},
            )
            return redirect("accounts:organisation", org.pk)
    breadcrumbs = trail(_("All organisations"), "accounts:organisations").here(_("Add"))
    return render(request, "accounts/organisation_create.html", {"form": form, "breadcrumbs": breadcrumbs})


@rule("accounts.view_organisation", _organisation)
def organisation_detail(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": selectors.memberships_of(organisation),
            "can_manage": request.user.has_perm("accounts.manage_members", organisation),
        },
    )


def _organisation_trail(organisation: Organisation) -> Trail:
    return trail(organisation.name, "accounts:organisation", organisation.pk)


@rule("accounts.manage_members", _organisation)
def organisation_edit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=user_of(request),
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Organisation details saved."))
            return redirect("accounts:organisation", organisation.pk)
    breadcrumbs = _organisation_trail(organisation).here(_("Edit"))
    return render(
        request,
        "accounts/organisation_edit.html",
        {"organisation": organisation, "form": form, "breadcrumbs": breadcrumbs},
    )


@rule("accounts.manage_members", _organisation)
def members(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    new_link = None
    if request.method == "POST" and form.is_valid():
        try:
            _invitation_obj, token = services.invite_member(
                actor=user_of(request),
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            new_link = services.invitation_link(token)
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            form = InvitationForm()
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "memberships": selectors.memberships_of(organisation),
            "invitations": selectors.invitations_of(organisation)[:50],
            "form": form,
            "new_link": new_link,
            "role_form": RoleForm,
            "breadcrumbs": _organisation_trail(organisation).here(_("Members")),
        },
    )


@require_POST
@rule("accounts.manage_members", _membership)
def member_role(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(
                actor=user_of(request),
                membership=membership,
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("Role changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a role."))
    return redirect("accounts:members", membership.organisation.pk)


@require_POST
@rule("accounts.manage_members", _membership)
def member_remove(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    try:
        services.remove_member(actor=user_of(request), membership=membership)
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:members", organisation.pk)


@require_POST
@rule("accounts.manage_members", _invitation)
def invitation_revoke(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    services.revoke_invitation(actor=user_of(request), invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("accounts:members", invitation.organisation.pk)


@require_POST
@signed_in
def switch_organisation(request: HttpRequest) -> HttpResponse:
    try:
        org = _organisation(request, UUID(request.POST.get("organisation", "")))
    except ValueError:
        raise Http404 from None
    request.session[SESSION_KEY] = str(org.pk)
    messages.success(request, _("You are now working in %(org)s.") % {"org": org})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home:dashboard")
    return redirect(target)


@public
def participant_settings(request: HttpRequest) -> HttpResponse:
    """A guest's optional nickname and e-mail for notifications."""
    participant = request.participant  # type: ignore[attr-defined]
    initial = {}
    if participant is not None:
        initial = {
            "nickname": participant.nickname,
            "email": participant.email,
            "consent": bool(participant.notify_consent_at),
        }
    form = ParticipantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        participant = get_or_create_participant(request)
        try:
            services.update_participant(participant=participant, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:participant")
    return render(request, "accounts/participant.html", {"form": form, "participant": participant})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse("home:home")
    return target


@require_POST
@public
def join_with_code(request: HttpRequest) -> HttpResponse:
    """A guest types the invitation code from their card (decision 0012)."""
    target = _safe_next(request)
    try:
        admission.redeem_code(
            request, scope=request.POST.get("scope", "")[:80], raw=request.POST.get("code", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Welcome: your code is accepted. You can take part now."))
    return redirect(target)


@public
@require_safe
def confirm_email(request: HttpRequest) -> HttpResponse:
    """Two steps on one page, each its own action: the address (a code is sent), then the code."""
    return _confirm_email_page(request)


def _confirm_email_page(
    request: HttpRequest, *, error: ValidationError | None = None, typed_email: str = ""
) -> HttpResponse:
    """The page; a refused step shows it again with its errors and the address typed (400)."""
    errors: dict[str, list[str]] = {}
    if error is not None:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return render(
        request,
        "accounts/confirm_email.html",
        {
            "pending": admission.pending_confirmation(request),
            "errors": errors,
            "typed": {"email": typed_email, "code": ""},
            "next": _safe_next(request),
        },
        status=400 if errors else 200,
    )


@require_POST
@public
def send_email_code(request: HttpRequest) -> HttpResponse:
    typed = request.POST.get("email", "")
    try:
        admission.request_email_code(request, email=typed)
    except ValidationError as error:
        return _confirm_email_page(request, error=error, typed_email=typed)
    messages.success(request, _("We sent a six-digit code to your e-mail. Type it below."))
    return redirect(reverse("accounts:confirm_email") + "?next=" + _safe_next(request))


@require_POST
@public
def check_email_code(request: HttpRequest) -> HttpResponse:
    try:
        admission.confirm_email(request, code=request.POST.get("code", ""))
    except ValidationError as error:
        return _confirm_email_page(request, error=error)
    messages.success(request, _("Your e-mail address is confirmed. You can take part now."))
    return redirect(_safe_next(request))


def invitation_codes_page(request: HttpRequest, *, target: Any, title: str, link: str) -> HttpResponse:
    """The printable invitation codes of a conversation or a journey (decision 0012): one card, one
    voice. Callers check the permission on `target`; this makes codes on POST and shows them."""
    error, typed = "", request.POST.get("count", "")
    if request.method == "POST":
        try:
            admission.generate_codes(
                actor=user_of(request),
                organisation=target.organisation,
                target=target,
                count=int(typed) if typed.strip().isdigit() else 0,
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("The codes are made. Print this page for the cards."))
            return redirect(request.path)
    made = admission.codes_for(target)
    return render(
        request,
        "participation/codes.html",
        {
            "title": title,
            "codes": made,
            "used": made.filter(participant__isnull=False).count(),
            "admission": target.admission,
            "link": link,
            "error": error,
            "typed": typed,
        },
    )
