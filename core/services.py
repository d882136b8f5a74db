"""What every service shares: collecting the errors of all parts of a change, to report them at once."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ServiceErrors:
    """Field errors from every part of a change, raised together as one ValidationError.

    A service checks everything (the record, its details, its photos, the actor's scope) before
    it writes anything, so that a form shows every mistake in one round.
    """

    def __init__(self) -> None:
        self.by_field: dict[str, list] = {}

    def add(self, field: str | None, message) -> None:
        self.by_field.setdefault(field or NON_FIELD_ERRORS, []).append(message)

    def collect(self, check: Callable[..., object], *args, **kwargs) -> None:
        """Run ``check``; keep the errors of a ValidationError it raises, on their fields."""
        try:
            check(*args, **kwargs)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        self.add(field, error)
            else:
                for error in exc.error_list:
                    self.add(None, error)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
