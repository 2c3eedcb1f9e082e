"""The one error type the library raises for things a user can fix."""


class ClassifyError(Exception):
    """A problem with the user's input, data or model, with a message that says what to do.

    The message is one line, written for the user; the CLI prints it and exits
    with ``exit_code`` (1 for data errors, 2 for usage errors).
    """

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code
