"""Citation styles for the book build: BibTeX's ``and others`` rendered as "et al.".

Not part of the nmjlib API. Where a source's full author list could not be confirmed,
``references.bib`` ends it with ``and others``, as BibTeX intends; pybtex and
sphinxcontrib-bibtex would otherwise print the word "others" as if it were a surname
("Ruiz and others, 2011"). Registered as pybtex plugins in ``pyproject.toml`` and selected
in ``_config.yml`` (``bibtex_default_style: nmj``, ``bibtex_reference_style: nmj_author_year``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing, join, node, sentence
from sphinxcontrib.bibtex.style import template as reftemplate
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

ET_AL = " et al."


def _persons(entry, role):
    """The named persons of a role, and whether the list was cut short with ``others``."""
    try:
        persons = list(entry.persons[role])
    except KeyError:
        raise FieldIsMissing(role, entry) from None
    if persons and str(persons[-1]) == "others":
        return persons[:-1], True
    return persons, False


@node
def _bibliography_names(children, context, role, **kwargs):
    persons, truncated = _persons(context["entry"], role)
    style = context["style"]
    formatted = [style.format_name(person, style.abbreviate_names) for person in persons]
    if truncated:
        return Text(join(sep=", ")[formatted].format_data(context), ET_AL)
    return join(**kwargs)[formatted].format_data(context)


class BibliographyStyle(PlainStyle):
    """pybtex's ``plain`` style, with ``and others`` as "et al."."""

    def format_names(self, role, as_sentence=True):
        formatted = _bibliography_names(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


@node
def _reference_names(children, data, role, **kwargs):
    persons, truncated = _persons(data["entry"], role)
    person_style = data["style"].person
    formatted = [person_style.style_plugin.format(person, person_style.abbreviate) for person in persons]
    if truncated:
        # In the text only the first author is named, as for any list of three or more.
        return Text(reftemplate.join[formatted[:1]].format_data(data), ET_AL)
    return reftemplate.join(**kwargs)[formatted].format_data(data)


@node
def _author_or_editor_or_title(children, data, **kwargs):
    return reftemplate.first_of[
        reftemplate.optional[_reference_names("author", **kwargs)],
        reftemplate.optional[_reference_names("editor", **kwargs)],
        reftemplate.tag("em")[reftemplate.field("title")],
    ].format_data(data)


@dataclass
class EtAlPersonStyle(PersonStyle):
    """sphinxcontrib-bibtex's person style, with ``and others`` as "et al."."""

    def names(self, role, full):
        other = None if full else self.other
        return _reference_names(role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=other)

    def author_or_editor_or_title(self, full):
        other = None if full else self.other
        return _author_or_editor_or_title(sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=other)


@dataclass
class AuthorYearStyle(AuthorYearReferenceStyle):
    """Author-year citations ("Ruiz et al., 2011") that understand ``and others``."""

    person: PersonStyle = field(default_factory=EtAlPersonStyle)
