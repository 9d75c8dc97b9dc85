"""The Latvian legal calendar: working days, days off and transfer orders, with sources."""

from vkac_flow.calendar.data import (
    DayInfo,
    DayKind,
    TransferOrder,
    load_calendar_data,
    load_transfer_orders,
)
from vkac_flow.calendar.latvian import LatvianCalendar, default_calendar

__all__ = [
    "DayInfo",
    "DayKind",
    "LatvianCalendar",
    "TransferOrder",
    "default_calendar",
    "load_calendar_data",
    "load_transfer_orders",
]
