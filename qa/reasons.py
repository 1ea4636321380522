"""What kind of reason a rule gives for setting spans aside (``qa.extractive._kept``)."""

from __future__ import annotations


class NoneGiven(str):
    """A reason saying the closest sentences give none of what was asked ("The closest sentences give
    no score.", "... name no one.", "... give no age."): true when the rule left no span, untrue of
    the spans it kept when it set aside only the reader's best one (a "0-0" kept, judged too weak),
    so it is not given then. Other reasons say what the set-aside spans are ("... are about the
    1,500m, not the 800m."), true of them whatever was kept."""

    __slots__ = ()
