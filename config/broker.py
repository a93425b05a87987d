"""kombu's filesystem transport (the embedded broker, without Redis) with messages written atomically.

kombu 5 writes a message straight into the queue folder under its final name (``…<queue>.msg``) and
then fills it; a worker polling the folder can move and read the file in between, gets zero bytes, and
dies on the JSON error ("Unrecoverable error: JSONDecodeError"), which a test with a real worker on a
busy machine hit (tests/reminders/test_batches.py). Here a message is written under a name the worker
does not look at (``.part`` after the queue's suffix) and renamed into place when complete: a rename
in one folder is atomic, so a worker sees either no file or the whole message.

config/celery.py points kombu's ``filesystem`` alias here, so ``filesystem://`` means this transport
in every process that loads the Celery app (web, worker, beat, tests).
"""

import os
import uuid

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put ``payload`` onto ``queue``: written in full under a temporary name, then renamed."""
        name = f"{int(round(filesystem.monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = f"{final}.part"
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
