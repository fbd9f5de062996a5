"""The governance domain: models, migrations and the services holding the rules.

Knows nothing of HTTP or GraphQL: services take the acting viewer explicitly
and raise the domain errors of :mod:`governance.errors`.
"""
