"""Argument types shared by Patuh's management commands."""


def positive(value: str) -> int:
    """A whole number of at least 1 (argparse reports the bad value on ValueError)."""
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number
