"""The secretariat's admin: server-rendered pages with htmx, one module per resource."""
