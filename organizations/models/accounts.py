"""Portal accounts and their scopes (what each account may see and change)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .people import Person
from .structure import AdministrativeUnit, Organization

SEE_EVERYTHING_CODENAME = "see_everything"
SEE_EVERYTHING = f"organizations.{SEE_EVERYTHING_CODENAME}"


class User(AbstractUser):
    """A portal account. Cadres are linked to the person they are."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("The account must choose a new password at its next login before anything else."),
    )

    session_generation = models.PositiveIntegerField(
        _("session generation"),
        default=0,
        editable=False,
        help_text=_("Moved on by “log out everywhere”: every session opened before ends."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        swappable = "AUTH_USER_MODEL"
        permissions = [
            # Data scope comes from Scope rows; staff status alone opens only the admin, for what its
            # model permissions allow. This permission (superusers have every one) sees everything.
            (SEE_EVERYTHING_CODENAME, _("Can see and change the records of every unit and organization")),
        ]

    def _get_session_auth_hash(self, secret=None) -> str:
        """Django's check that a session still belongs to the account (it ends every session when the
        password changes), over the session generation too, so that "log out everywhere" ends them."""
        return salted_hmac(
            "organizations.User.session",
            f"{self.password}|{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        """The name in Vietnamese order: family name first (Nguyễn Thị Lan)."""
        return f"{self.last_name} {self.first_name}".strip()


class Access(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class Scope(models.Model):
    """What an account may see (and, with write access, change).

    A unit scope covers the unit and every unit below it, with their organizations; an
    organization scope covers the organization and its branches. No scope, no access.
    """

    user = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="scopes")
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default=Access.READ)

    class Meta:
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(organization__isnull=True))
                | (Q(unit__isnull=True) & Q(organization__isnull=False)),
                name="scope_unit_xor_organization",
            ),
        ]

    def __str__(self) -> str:
        target = self.unit or self.organization
        return f"{self.user} → {target} ({self.get_access_display()})"

    def clean(self) -> None:
        if bool(self.unit_id) == bool(self.organization_id):
            raise ValidationError(_("Choose either a unit or an organization."))
