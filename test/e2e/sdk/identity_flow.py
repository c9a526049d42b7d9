"""Drives nubo's Keystone v3 with openstacksdk and prints a JSON summary.

Run by test/e2e/identity-sdk.test.ts with Debian's /usr/bin/python3. Environment:
OS_CLIENT_CONFIG_FILE (the server's clouds.yaml), NUBO_CLOUD (the admin cloud in it),
NUBO_AUTH_URL (the identity v3 URL the new user logs in with).
"""

import json
import os
import sys

import openstack


def main():
    admin = openstack.connect(cloud=os.environ["NUBO_CLOUD"])
    auth_url = os.environ["NUBO_AUTH_URL"]
    password = "sdk-pw-1"

    project = admin.identity.create_project(
        name="sdk-project", domain_id="default", description="made by openstacksdk"
    )
    user = admin.identity.create_user(
        name="sdk-user",
        domain_id="default",
        password=password,
        default_project_id=project.id,
        email="sdk@example.org",
    )
    role = admin.identity.find_role("member", ignore_missing=False)
    admin.identity.assign_project_role_to_user(project, user, role)
    has_role = admin.identity.validate_user_has_project_role(project, user, role)
    assignments = [
        {
            "role_id": a.role["id"],
            "user_id": (a.user or {}).get("id"),
            "project_id": (a.scope or {}).get("project", {}).get("id"),
        }
        for a in admin.identity.role_assignments(user_id=user.id)
    ]

    as_user = openstack.connect(
        auth={
            "auth_url": auth_url,
            "username": "sdk-user",
            "password": password,
            "user_domain_id": "default",
            "project_id": project.id,
        },
        region_name="RegionOne",
        identity_api_version="3",
    )
    token = as_user.authorize()
    seen = {
        "token_issued": isinstance(token, str) and len(token) > 32,
        "user_id": as_user.current_user_id,
        "project_id": as_user.current_project_id,
        "projects": sorted(p.id for p in as_user.identity.user_projects(user.id)),
    }

    admin.identity.delete_user(user, ignore_missing=False)
    admin.identity.delete_project(project, ignore_missing=False)
    cleanup = {
        "user_gone": admin.identity.find_user(user.id) is None,
        "project_gone": admin.identity.find_project(project.id) is None,
    }

    summary = {
        "project": {
            "id": project.id,
            "name": project.name,
            "domain_id": project.domain_id,
            "enabled": project.is_enabled,
        },
        "user": {
            "id": user.id,
            "name": user.name,
            "domain_id": user.domain_id,
            "default_project_id": user.default_project_id,
            "email": user.email,
        },
        "role_id": role.id,
        "has_role": bool(has_role),
        "assignments": assignments,
        "as_user": seen,
        "cleanup": cleanup,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the test prints stderr; the type and message say what failed
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
