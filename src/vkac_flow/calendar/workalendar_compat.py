"""`WorkalendarLatvianCalendar`: the law's Latvian calendar as a ``workalendar.europe.Latvia``.

:class:`~vkac_flow.calendar.latvian.LatvianCalendar` implements workalendar's calendar API
itself and does not import workalendar (``workalendar.europe`` loads every European
country's calendar and their astronomy dependencies: most of the start-up time of the
package once). Code that needs a real ``workalendar.europe.Latvia`` instance (an
``isinstance`` check in another library, say) uses this subclass of both: every answer is
the :class:`~vkac_flow.calendar.latvian.LatvianCalendar`'s (its methods come first), and
workalendar's remaining ``Latvia`` methods are inherited. Importing this module imports
workalendar.

>>> from workalendar.europe import Latvia
>>> cal = WorkalendarLatvianCalendar()
>>> isinstance(cal, Latvia), isinstance(cal, LatvianCalendar)
(True, True)
>>> import datetime
>>> cal.add_working_days(datetime.date(2025, 12, 19), 20)
datetime.date(2026, 1, 23)
"""

from __future__ import annotations

from typing import Any

from workalendar.europe import Latvia

from vkac_flow.calendar.latvian import LatvianCalendar

__all__ = ["WorkalendarLatvianCalendar"]


class WorkalendarLatvianCalendar(LatvianCalendar, Latvia):  # type: ignore[misc]
    """A :class:`~vkac_flow.calendar.latvian.LatvianCalendar` that is a workalendar ``Latvia``.

    Takes the same arguments as :class:`~vkac_flow.calendar.latvian.LatvianCalendar` and
    gives the same answers; ``with_changes`` returns this class again.
    """

    def __init__(self, **kwargs: Any) -> None:
        Latvia.__init__(self)
        LatvianCalendar.__init__(self, **kwargs)
