"""The newsroom desk: a web app over the registry (``quotes serve``), installed as ``quotes.web``.

Pages for people (signed-in sessions, CSRF-checked forms) and a JSON API for scripts
(bearer tokens), both calling the same library as the command line. The app factory is
``quotes.web.app.create_app``; nothing but configuration lives in the server process, so
it runs with several workers over one SQLite file or a team's PostgreSQL.
"""
