"""The local SQLite store: the cache of every source and the user's own data.

The UI reads only the store; sync writes fetched data into it. See
`ctotui.store.database.Store` for the API.
"""

from ctotui.store.database import Store
from ctotui.store.inbox import IMPORTANT_THRESHOLD, InboxSplit, MessageQuery
from ctotui.store.item_query import ItemQuery

__all__ = ["IMPORTANT_THRESHOLD", "InboxSplit", "ItemQuery", "MessageQuery", "Store"]
