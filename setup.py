"""Maps the top-level resources/ folder into the package as touchdesk.resources.

The design card keeps resources/ at the top level; an installed wheel and a
frozen build find them inside the package, so setuptools copies them there.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["touchdesk", "touchdesk.*"]) + ["touchdesk.resources"],
    package_dir={"touchdesk.resources": "resources"},
    package_data={"touchdesk.resources": ["*", "**/*"], "touchdesk.store": ["migrations/*.sql"]},
    include_package_data=False,
)
