"""Services and stages of services, with the category of p. 7 that they fall in.

A :class:`Service` is a public administration service (p. 2.2) held by a party (p. 2.3), or
one stage of it ("sniegšanas posms"): p. 12-15 allow transferring the provision of a whole
service or of one stage of it to the centres.

>>> tax = minimum_basket_service("VID", "Annual income declaration")
>>> tax.category.point, tax.is_stage
('p. 7.1', False)
>>> tax.key
'institution:VID/Annual income declaration'
>>> Service.from_dict(tax.to_dict()) == tax
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from vkac_flow.errors import InputError, InputTypeError, check_name, echo
from vkac_flow.law.documents import check_keys
from vkac_flow.law.memo import Memo
from vkac_flow.law.parties import Institution, Party
from vkac_flow.law.regulation import cite
from vkac_flow.messages import Text, check_language, message

__all__ = ["Service", "ServiceCategory", "minimum_basket_service"]


class ServiceCategory(enum.Enum):
    """The three parts of the scope of services provided in a centre (p. 7).

    >>> ServiceCategory("municipal").point
    'p. 7.2'
    """

    MINIMUM_BASKET = "minimum_basket"
    """The minimum service basket: services of the seven institutions (p. 7.1, 2.6, 8)."""
    MUNICIPAL = "municipal"
    """Municipal services designated for provision in the centre (p. 7.2)."""
    OTHER = "other"
    """Other services (p. 7.3): what p. 10.1 and 12-16 transfer and exclude."""

    @property
    def point(self) -> str:
        """The point of p. 7 that names the category, e.g. ``"p. 7.1"``."""
        return _CATEGORY_POINTS[self]


_CATEGORY_POINTS: Final[Mapping[ServiceCategory, str]] = MappingProxyType(
    dict(zip(ServiceCategory, cite("7.1", "7.2", "7.3"), strict=True))
)

# Characters escaped in a built key, so that different services never share a key.
_KEY_ESCAPES: Final[tuple[tuple[str, str], ...]] = (("%", "%25"), ("/", "%2F"), ("#", "%23"))


def _escape(text: str) -> str:
    """Escape the separators of a key (``%``, ``/``, ``#``)."""
    for char, code in _KEY_ESCAPES:
        text = text.replace(char, code)
    return text


_NAME: Final = Text("field.services.name")
_STAGE: Final = Text("field.services.stage")
_CODE: Final = Text("field.services.code")
_SERVICE: Final = Text("field.services.service")


def _clean_name(value: object) -> str:
    """Converter of :attr:`Service.name`."""
    return check_name(value, _NAME)


def _clean_stage(value: object) -> str | None:
    """Converter of :attr:`Service.stage` (``None`` = the whole service)."""
    return None if value is None else check_name(value, _STAGE)


def _clean_code(value: object) -> str | None:
    """Converter of :attr:`Service.code`."""
    return None if value is None else check_name(value, _CODE)


@attrs.frozen
class Service:
    """A public administration service (p. 2.2), or one stage of it, and who holds it.

    Attributes:
        name: The service's name (whitespace stripped, never empty).
        holder: The party competent for the service (p. 2.3): an institution, a service
            holder or a municipality.
        category: Where it stands in the scope of p. 7 (default: other services, p. 7.3).
        stage: ``None`` for the whole service, else the name of the stage of its provision
            ("sniegšanas posms", p. 12-15).
        code: An optional identifier, e.g. the public services portal's id (no whitespace,
            no ``/``).

    Raises:
        InputTypeError: An argument of the wrong type.
        InputError: An empty name, stage or code, or a holder that cannot hold a service
            of this category (p. 2.3, 2.6, 7.2, 8).

    >>> s = Service("Building permit", Party.municipality("Cēsu novads"),
    ...             ServiceCategory.MUNICIPAL, stage="application intake")
    >>> s.label
    'Building permit (stage: application intake), municipality Cēsu novads'
    """

    name: str = attrs.field(converter=_clean_name)
    holder: Party
    category: ServiceCategory = ServiceCategory.OTHER
    stage: str | None = attrs.field(default=None, converter=_clean_stage)
    code: str | None = attrs.field(default=None, converter=_clean_code)

    def __attrs_post_init__(self) -> None:
        """Check the fields and the holder against the category."""
        if not self.name:
            raise InputError(Text("error.services.name_empty"), points=cite("2.2"))
        name = self.name
        if self.stage is not None and not self.stage:
            raise InputError(Text("error.services.stage_empty", name=echo(name)), points=cite("12"))
        if self.code is not None and (
            not self.code or "/" in self.code or any(c.isspace() for c in self.code)
        ):
            raise InputError(Text("error.services.code_bad", name=echo(name), code=echo(self.code)))
        if not isinstance(self.holder, Party):
            raise InputTypeError(
                Text("error.services.holder_type", name=echo(name), got=type(self.holder).__name__)
            )
        if not isinstance(self.category, ServiceCategory):
            raise InputTypeError(
                Text(
                    "error.services.category_type",
                    name=echo(name),
                    got=type(self.category).__name__,
                )
            )
        if not self.holder.may_hold_service:
            raise InputError(
                Text("error.services.cannot_hold", name=echo(name), kind=self.holder.kind.text),
                points=cite("2.3"),
            )
        if self.category is ServiceCategory.MINIMUM_BASKET and not self.holder.is_institution:
            raise InputError(
                Text("error.services.basket_holder", name=echo(name), holder=self.holder.text),
                points=cite("2.6", "8"),
            )
        if self.category is ServiceCategory.MUNICIPAL and not self.holder.is_municipality:
            raise InputError(
                Text("error.services.municipal_holder", name=echo(name), holder=self.holder.text),
                points=cite("7.2"),
            )

    @property
    def is_stage(self) -> bool:
        """Whether this is one stage of a service rather than the whole service."""
        return self.stage is not None

    @property
    def key(self) -> str:
        """A stable unique id: ``code`` if given, else built from holder, name and stage.

        A built key is ``"<holder key>/<name>"`` plus ``"#<stage>"`` for a stage, with ``%``,
        ``/`` and ``#`` escaped in the parts; it always contains a ``/``, which a code never
        does, so a code and a built key never clash.
        """
        if self.code is not None:
            return self.code
        key = f"{_escape(self.holder.key)}/{_escape(self.name)}"
        return key if self.stage is None else f"{key}#{_escape(self.stage)}"

    @property
    def text(self) -> Text:
        """The service as a catalogue text: :attr:`label` in English, Latvian too.

        >>> svc = Service("Būvatļauja", Party.municipality("Cēsu novads"), stage="pieņemšana")
        >>> svc.text.render("lv")
        'Būvatļauja (posms: pieņemšana), pašvaldība Cēsu novads'
        """
        if self.stage is None:
            return Text("field.services.shown", name=self.name, holder=self.holder.text)
        return Text(
            "field.services.shown_stage", name=self.name, stage=self.stage, holder=self.holder.text
        )

    @property
    def label(self) -> str:
        """A readable description: name, stage and holder."""
        stage = "" if self.stage is None else f" (stage: {self.stage})"
        return f"{self.name}{stage}, {self.holder}"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict of the service (the holder as :meth:`Party.to_dict`).

        Returns:
            The dict, which :meth:`from_dict` turns back into an equal service.
        """
        return {
            "name": self.name,
            "holder": self.holder.to_dict(),
            "category": self.category.value,
            "stage": self.stage,
            "code": self.code,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Service:
        """Build a service from the output of :meth:`to_dict`, strictly.

        A frozen value: the same input (:func:`~vkac_flow.law.memo.exact_key`) read again
        gives back the value built before (a replay reads the same identities again).

        Args:
            data: A mapping with ``name`` and ``holder`` and optionally ``category``
                (default ``"other"``), ``stage`` and ``code`` (strings or ``None``); no other
                keys.

        Returns:
            The service.

        Raises:
            InputTypeError: ``data`` is not a mapping or a value has the wrong type.
            InputError: Unknown or missing keys, unknown category, or values that break the
                rules of the constructor.
        """
        if cls is Service:
            return _MEMO.read(data)
        return cls._read(data)

    @classmethod
    def _read(cls, data: Mapping[str, Any]) -> Service:
        """:meth:`from_dict` itself (every check), not memoised."""
        check_keys(data, _SERVICE, {"name", "holder"}, {"category", "stage", "code"})
        category_raw = data.get("category", ServiceCategory.OTHER.value)
        _check_string(category_raw, "category")
        try:
            category = ServiceCategory(category_raw)
        except ValueError:
            names = ", ".join(c.value for c in ServiceCategory)
            raise InputError(
                Text("error.services.unknown_category", category=echo(category_raw), names=names),
                points=cite("7"),
            ) from None
        _check_string(data["name"], "name")
        return cls(
            name=data["name"],
            holder=Party.from_dict(data["holder"]),
            category=category,
            stage=data.get("stage"),
            code=data.get("code"),
        )


def _check_string(value: object, key: str) -> None:
    """Refuse a value of a service document that is not a string."""
    if not isinstance(value, str):
        raise InputTypeError(
            Text("error.parties.key_type", what=_SERVICE, key=key, got=type(value).__name__)
        )


def minimum_basket_service(
    institution: str | Institution, name: str | None = None, *, lang: str = "en"
) -> Service:
    """Return a minimum-basket service of one of the seven institutions (p. 7.1, 8).

    Args:
        institution: The institution's code (``"VID"``) or :class:`Institution` member.
        name: The service's name; by default the institution's whole basket, e.g.
            ``"Minimum-basket services of the State Revenue Service"``.
        lang: The language of that default name (``"en"`` or ``"lv"``).

    Returns:
        The service, category :attr:`ServiceCategory.MINIMUM_BASKET`.

    Raises:
        InputError: Unknown institution code, or an empty name.
        InputTypeError: Arguments of the wrong type.

    >>> minimum_basket_service(Institution.VZD).name
    'Minimum-basket services of the State Land Service'
    """
    check_language(lang)
    holder = Party.institution(institution)
    if name is None:
        assert holder.institution is not None  # Party.institution made it
        institution_name = holder.institution.name_in(lang)
        name = message("services.basket_name", lang, institution=institution_name)
    return Service(name, holder, ServiceCategory.MINIMUM_BASKET)


_MEMO: Final[Memo[Service]] = Memo(Service._read, depth=2)
