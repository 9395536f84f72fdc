"""Server-rendered HTML pages (Jinja2, autoescape) that work without JavaScript."""
