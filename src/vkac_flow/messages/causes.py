"""Why a file or a database could not be used, in the user's language.

The operating system, the JSON parser and the database drivers explain their refusals in
English ("No such file or directory", "Expecting value", "FATAL: database ... does not
exist"). A Latvian error line must not splice that English into a Latvian sentence, so the
common causes have catalogue texts of their own (``cause.*`` in
``messages/<lang>/causes.toml``): a file by its ``errno`` (missing, no permission, a
folder...), a JSON document by the line and column where it breaks, a text that is not
UTF-8 by the offset of its first bad byte, a database by what went wrong (see
``vkac_flow.register.store.database_cause``). The system's own words are kept as a separate
*detail*: English output shows them as they are; Latvian output shows them set apart and
marked as the system's text, "[sistēmas teksts: ...]" (``docs/language.md``).

>>> import errno
>>> err = FileNotFoundError(errno.ENOENT, "No such file or directory")
>>> os_cause(err).render("en"), os_cause(err).render("lv")
('no such file or directory', 'fails vai mape nav atrasta')
>>> system_detail("invalid start byte").render("lv")
'[sistēmas teksts: invalid start byte]'
"""

from __future__ import annotations

import errno

from vkac_flow.messages import Text

__all__ = ["os_cause", "system_detail", "utf8_cause"]

_ERRNO_CAUSES = {
    errno.ENOENT: "not_found",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EISDIR: "is_folder",
    errno.ENOTDIR: "not_folder",
    errno.ENAMETOOLONG: "name_too_long",
    errno.ENOSPC: "no_space",
    errno.EROFS: "read_only",
    errno.EEXIST: "exists",
    errno.ELOOP: "link_loop",
}
"""The operating system's common refusals, by ``errno``: ``cause.os.<name>``."""


def system_detail(detail: str) -> Text:
    """The system's own words (a driver's, the OS's): as they are in English, marked in Latvian."""
    return Text("cause.system", detail=" ".join(str(detail).split())[:300])


def utf8_cause(err: UnicodeDecodeError) -> Text:
    """Why a text is not UTF-8: the offset of its first bad byte, the decoder's words apart."""
    return Text("cause.utf8", offset=err.start, detail=system_detail(err.reason))


def os_cause(err: OSError) -> Text:
    """Why the operating system refused a file: a catalogue text for the common ``errno``."""
    name = _ERRNO_CAUSES.get(err.errno or -1)
    if name is not None:
        return Text(f"cause.os.{name}")
    return Text("cause.os.other", detail=system_detail(err.strerror or str(err)))
