"""Documents (issue 13) through the services: who attaches, what the bytes may be, where
they are kept, and who reads a document (its own classification with what it is attached
to). The multipart upload, the download route and the admin form come on top of these."""

from __future__ import annotations

import asyncio
import threading

import pytest

from governance.documents import remove_document, upload_document
from governance.enums import Classification
from governance.errors import BadInput, Forbidden, NotFound, Unauthenticated
from governance.files import MAX_BYTES, FileStore, TooLarge, safe_filename
from governance.models import AuditEvent, Document
from permissions import ANONYMOUS, visible
from tests.workflows.helpers import viewer
from tests.workflows.helpers import workflow_world as build

C = Classification


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF that says `text`, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files")


async def attach(world, store, who="chair", to=None, level=C.INTERNAL, **overrides):
    to = to or ("meeting", world.meetings[C.INTERNAL].id)
    arguments = {
        "attach_to": to,
        "title": "Water balance report",
        "classification": level,
        "filename": "water-balance.pdf",
        "content": tiny_pdf("Non-revenue water fell to 31 percent"),
        **overrides,
    }
    return await upload_document(await viewer(world.people[who]), store, **arguments)


def files(store: FileStore) -> list[str]:
    return sorted(p.name for p in store.root.rglob("*") if p.is_file())


async def test_an_officer_attaches_a_pdf_kept_once_by_its_hash_and_searchable(store):
    world = await build()
    with pytest.raises(Forbidden, match="may edit this meeting"):
        await attach(world, store, who="member")
    with pytest.raises(Unauthenticated):
        await upload_document(
            ANONYMOUS,
            store,
            attach_to=("meeting", world.meetings[C.PUBLIC].id),
            title="x",
            classification=C.PUBLIC,
            filename="x.pdf",
            content=tiny_pdf("x"),
        )
    assert files(store) == []

    first = await attach(world, store)
    again = await attach(world, store, who="secretary", title="The same report")
    assert first.content_type == "application/pdf"
    assert first.filename == "water-balance.pdf"
    assert "Non-revenue water fell to 31 percent" in (first.text or "")
    assert first.sha256 == again.sha256 and first.id != again.id
    assert files(store) == [first.sha256]  # the same bytes stored once
    assert store.path(first.sha256).read_bytes() == tiny_pdf("Non-revenue water fell to 31 percent")
    event = await AuditEvent.get(subject_type="document", subject_id=first.id)
    assert event.action == "document.upload"
    assert "Water balance report" in event.summary


async def test_the_type_comes_from_the_bytes_and_not_the_name(store):
    world = await build()
    for content, name in [
        (b"MZ\x90\x00\x03" + bytes(200), "minutes.pdf"),  # a Windows program
        (b"PK\x03\x04" + bytes(100), "budget.xlsx"),  # a bare zip is no spreadsheet
        (b"\x00\x01\x02binary junk\xff\xfe", "notes.txt"),
        (b"<?php system($_GET['c']); ?>" + b"\x00", "agenda.csv"),
    ]:
        with pytest.raises(BadInput, match="type is not accepted"):
            await attach(world, store, filename=name, content=content)
    image = await attach(world, store, filename="site photo", content=PNG)
    table = await attach(world, store, filename="kpis.csv", content=b"kpi;value\nNRW;31\n")
    text = await attach(world, store, filename="kpis.csv.txt", content="Réunion à Kati\n".encode())
    assert (image.content_type, image.filename) == ("image/png", "site photo.png")
    assert table.content_type == "text/csv"
    assert text.content_type == "text/plain"
    assert image.text is None and table.text is None


async def test_too_large_and_empty_files_are_refused(store):
    world = await build()
    with pytest.raises(TooLarge, match="at most 25 MiB"):
        await attach(world, store, content=b"%PDF-1.4\n" + bytes(MAX_BYTES))
    with pytest.raises(BadInput, match="empty"):
        await attach(world, store, content=b"")
    assert files(store) == []
    assert not await Document.exists()


async def test_a_document_shows_only_with_what_it_is_attached_to(store):
    world = await build()
    # PUBLIC itself, on a CONFIDENTIAL meeting: only those who see the meeting.
    hidden_meeting = await attach(
        world, store, to=("meeting", world.meetings[C.CONFIDENTIAL].id), level=C.PUBLIC
    )
    # CONFIDENTIAL, on an INTERNAL meeting: the committee's members only.
    confidential = await attach(world, store, level=C.CONFIDENTIAL)
    # CONFIDENTIAL, on a CONFIDENTIAL agreement: its parties too.
    agreement = ("agreement", world.agreements[C.CONFIDENTIAL].id)
    on_agreement = await attach(world, store, to=agreement, level=C.CONFIDENTIAL)
    # INTERNAL, on an INTERNAL meeting: anyone signed in.
    internal = await attach(world, store)
    public = await attach(world, store, to=("meeting", world.meetings[C.PUBLIC].id), level=C.PUBLIC)

    async def seen(role: str) -> set[int]:
        who = ANONYMOUS if role == "anonymous" else await viewer(world.people[role])
        return set(await visible(who, Document).values_list("id", flat=True))

    assert await seen("anonymous") == {public.id}
    assert await seen("participant") == {public.id, internal.id}
    assert await seen("party") == {public.id, internal.id, on_agreement.id}
    assert await seen("member") == {
        hidden_meeting.id,
        confidential.id,
        on_agreement.id,
        internal.id,
        public.id,
    }
    with pytest.raises(NotFound):  # the meeting it is attached to is hidden from them
        await remove_document(
            await viewer(world.people["participant"]), store, document_id=confidential.id
        )


async def test_a_restricted_document_reaches_only_the_people_named_on_it(store):
    world = await build()
    restricted = await attach(world, store, level=C.RESTRICTED)
    member = await viewer(world.people["member"])
    chair = await viewer(world.people["chair"])
    assert not await visible(member, Document).filter(id=restricted.id).exists()
    assert await visible(chair, Document).filter(id=restricted.id).exists()  # its uploader


async def test_documents_of_a_recommendation_plan_and_update_follow_who_edits_them(store):
    world = await build()
    recommendation = ("recommendation", world.recommendations[C.INTERNAL].id)
    with pytest.raises(Forbidden):  # the committee addressed does not edit the board's text
        await attach(world, store, to=recommendation)
    on_recommendation = await attach(world, store, who="board_chair", to=recommendation)
    assert (on_recommendation.body_id, on_recommendation.other_body_id) == (
        world.bodies["pab"].id,
        world.bodies["sc"].id,
    )
    update = ("update", world.published_update.id)
    with pytest.raises(Forbidden):
        await attach(world, store, to=update, level=C.PUBLIC)
    press = await attach(world, store, who="comms", to=update, level=C.PUBLIC)
    assert await visible(ANONYMOUS, Document).filter(id=press.id).exists()
    with pytest.raises(BadInput, match="attached to a meeting"):
        await attach(world, store, to=("person", world.people["chair"].id))


async def test_removal_takes_the_document_from_readers_and_its_bytes_when_last(store):
    world = await build()
    first = await attach(world, store)
    second = await attach(world, store, who="secretary")
    with pytest.raises(Forbidden):
        await remove_document(await viewer(world.people["member"]), store, document_id=first.id)

    await remove_document(await viewer(world.people["chair"]), store, document_id=first.id)
    assert not await Document.exists(id=first.id)
    assert files(store) == [first.sha256]  # the secretary's copy still holds the bytes
    # The uploader removes their own; the chair could too.
    await remove_document(await viewer(world.people["secretary"]), store, document_id=second.id)
    assert files(store) == []
    actions = await AuditEvent.filter(subject_type="document").values_list("action", flat=True)
    assert sorted(actions) == ["document.remove"] * 2 + ["document.upload"] * 2
    with pytest.raises(NotFound):
        await remove_document(await viewer(world.people["chair"]), store, document_id=first.id)


def test_file_names_are_cleaned_for_paths_and_headers():
    assert safe_filename("../../etc/passwd", "text/plain") == "passwd.txt"
    assert safe_filename('a"b\r\nc.pdf', "application/pdf") == "a-b-c.pdf"
    assert safe_filename("C:\\Users\\x\\Procès-verbal.pdf", "application/pdf") == (
        "Procès-verbal.pdf"
    )
    assert safe_filename("...", "image/png") == "document.png"
    assert len(safe_filename("x" * 500 + ".pdf", "application/pdf")) == 104


class PausingStore(FileStore):
    """A store whose `put` stops, once its bytes are in place, until told to go on: the
    moment between an upload's file and its row, held open."""

    def __init__(self, root) -> None:
        super().__init__(root)
        self.paused = threading.Event()
        self.resume = threading.Event()
        self.pausing = False

    def put(self, content: bytes, content_type: str):
        stored = super().put(content, content_type)
        if self.pausing:
            self.pausing = False
            self.paused.set()
            self.resume.wait(timeout=30)
        return stored


async def test_removing_a_copy_as_the_same_bytes_are_uploaded_keeps_them(tmp_path):
    world = await build()
    store = PausingStore(tmp_path / "files")
    first = await attach(world, store)
    store.pausing = True
    upload = asyncio.create_task(attach(world, store, who="secretary", title="Report, again"))
    await asyncio.to_thread(store.paused.wait, 30)
    # The upload found the bytes already there; the only row naming them goes now.
    await remove_document(await viewer(world.people["chair"]), store, document_id=first.id)
    assert not store.exists(first.sha256)
    store.resume.set()
    again = await upload
    assert again.sha256 == first.sha256
    assert store.path(again.sha256).read_bytes() == tiny_pdf("Non-revenue water fell to 31 percent")
