"""公文工作台: `gwreport serve`, a local web page over the same library calls as the CLI.

- app.py: the Starlette application (pages and JSON endpoints), create_app(settings)
- security.py: Host check, access token (non-loopback binds), CSRF token on every POST
- uploads.py: multipart bodies streamed into the server's own temp folder with size caps
- store.py: server-generated ids → folders under one temp root (no client path reaches the disk)
- tasks.py: the work itself (check, fix, build, batch rows, format), run in one worker pool
- ignore.py: "ignore always" entries

Starlette, uvicorn and python-multipart come with the optional extra: pip install "gwreport[web]".
"""
