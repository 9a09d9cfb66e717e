"""The shared error type: a refusal a view turns into a page, with the HTTP status to answer."""


class Refused(Exception):
    """A write the reader must be told about; `message` is for them and `status` is the HTTP status to answer."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
