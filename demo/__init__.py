"""The demo programme: the MCPP, SayPro and PACT (Mali) partnerships, drawn from the source
documents, loaded through the services (see demo/loader.py). `python -m server demo`."""

from demo.loader import load_demo
from demo.people import DEMO_PASSWORD, DemoAccount, demo_accounts

__all__ = ["DEMO_PASSWORD", "DemoAccount", "demo_accounts", "load_demo"]
