"""Domain errors, raised by services and mapped once to GraphQL codes and admin notices."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal a person can understand; `code` is the contract's error code."""

    code = "INTERNAL"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Sign in, or send an API token, to do this.") -> None:
        super().__init__(message)


class Forbidden(DomainError):
    code = "FORBIDDEN"


class NotFound(DomainError):
    code = "NOT_FOUND"


class BadInput(DomainError):
    code = "BAD_USER_INPUT"


class Conflict(DomainError):
    code = "CONFLICT"


class InvalidTransition(DomainError):
    code = "INVALID_TRANSITION"


class QueryTooComplex(DomainError):
    code = "QUERY_TOO_COMPLEX"
