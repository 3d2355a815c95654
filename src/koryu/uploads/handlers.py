"""A file larger than KORYU_MAX_UPLOAD_MB is not kept: its bytes past the limit are
dropped as they arrive and the file comes to the view marked ``oversized`` (with the size
it had), so the page can say which file was too large instead of failing the request."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class LimitedUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            if not self.oversized:
                self.oversized = True
                self.file.seek(0)
                self.file.truncate()  # nothing of it is kept
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int):
        uploaded = super().file_complete(file_size)
        uploaded.oversized = self.oversized
        uploaded.received = self.received
        return uploaded
