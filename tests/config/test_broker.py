"""The embedded broker never shows a worker a message that is still being written."""

import json

from kombu import Connection

from config import broker


def test_a_message_is_only_under_its_queue_name_once_it_is_complete(tmp_path, monkeypatch):
    seen_while_writing = []
    encode = broker.dumps

    def dumps(payload):
        # The moment the body is being made: what would a worker polling the folder find?
        seen_while_writing.extend(p.name for p in tmp_path.iterdir() if p.name.endswith(".celery.msg"))
        return encode(payload)

    monkeypatch.setattr(broker, "dumps", dumps)
    options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "store_processed": False,
        "control_folder": str(tmp_path / "control"),  # or kombu writes ./control/ where the tests run
    }
    with Connection("filesystem://", transport_options=options) as connection:
        channel = connection.default_channel
        assert isinstance(channel, broker.Channel)
        channel._put("celery", {"reminder": 7})
        assert seen_while_writing == []
        files = [p for p in tmp_path.iterdir() if p.name.endswith(".celery.msg")]
        assert len(files) == 1 and json.loads(files[0].read_text()) == {"reminder": 7}
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
        assert channel._get("celery") == {"reminder": 7}
