"""One password rule for everyone who sets one: the admin's add-person form and the CLI's
create-admin (tests/test_cli.py) both call governance.validation.password."""

from __future__ import annotations

from governance.credentials import verify_password
from governance.models import Person


async def test_the_add_person_form_holds_passwords_to_the_one_minimum(signed_in):
    admin = await signed_in("admin")
    form = {"name": "Amina Diallo", "email": "amina@example.org"}

    refused = await admin.post("/admin/people", {**form, "password": "elevenchars"})
    assert refused.status_code == 400
    assert "Choose a password of at least 12 characters." in refused.text
    assert not await Person.exists(email="amina@example.org")

    created = await admin.post("/admin/people", {**form, "password": "twelve chars"})
    assert created.status_code == 303, created.text
    person = await Person.get(email="amina@example.org")
    assert verify_password(person.password_hash, "twelve chars")
