"""``python -m app.user_admin create USERNAME --role ROLE --name "Full Name"``: add a local account.

The password is asked for twice on the terminal (never an argument, which would land in shell history).
The first administrator of a production install is made this way.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections import namedtuple

from app import create_app
from app.audit import record
from app.users import ROLES, create_user, find_user

MIN_PASSWORD_LENGTH = 12
CommandLineOperator = namedtuple("CommandLineOperator", "username role")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="add a local account")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=sorted(ROLES))
    create.add_argument("--name", required=True, help="the name shown on screen and in the audit trail")
    args = parser.parse_args(argv)
    app = create_app()
    with app.app_context():
        if find_user(args.username):
            print(f"a user called {args.username} exists already", file=sys.stderr)
            return 2
        password = getpass.getpass("Password: ")
        if len(password) < MIN_PASSWORD_LENGTH:
            print(f"the password must have at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr)
            return 2
        if getpass.getpass("Password again: ") != password:
            print("the two passwords differ", file=sys.stderr)
            return 2
        create_user(args.username, args.name, args.role, password)
        # Audited like the admin pages; the actor is the operating-system account that ran the command.
        operator = CommandLineOperator(f"command line ({getpass.getuser()})", None)
        record("user_admin", user=operator, detail={"user": args.username, "created": {"role": args.role}})
    print(f"created {args.username} ({ROLES[args.role]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
