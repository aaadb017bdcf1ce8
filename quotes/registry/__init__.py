"""The registry: where statements are kept as first made, with their versions, speakers,
renditions, notes, accounts and the word index, on SQLite or PostgreSQL.

``store`` opens the database, ``schema`` and ``migrations`` define and upgrade it,
``models`` are the records read from it, ``registry`` holds the writes (each one
transaction, every change in the event log), ``index`` finds candidate statements for a
passage, ``accounts`` the desk's users, sessions and tokens. Nothing here checks coverage.
"""
