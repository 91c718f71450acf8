"""Facts about the course that several tools need, stated once.

The repository address lives here and nowhere else: the Binder badge in every notebook
(:mod:`course_tools.notebook_meta`), the links on the static site and the slides, and the launch
recipes in ``docs/launching.md`` are all made from :data:`REPOSITORY`. A fork changes this one
line, runs ``python -m course_tools.notebook_meta`` and every badge follows (the
tests check that README and docs agree with it).

    python -m course_tools.course_meta binder                       # launch links, one per notebook
    python -m course_tools.course_meta nbgitpuller hub.example.org  # the same for a JupyterHub
"""

from __future__ import annotations

import sys
from urllib.parse import quote, urlencode

from course_tools import notebooks

#: ``owner/name`` of the course's GitHub repository (a placeholder until it is published).
REPOSITORY = "derivatives-course/activation-functions"
#: The branch that Binder and nbgitpuller launch from.
BRANCH = "main"
#: The course's name, as the site and the slides show it.
COURSE_TITLE = "Derivatives of activation functions"

#: The course's own badge images (so a badge shows offline too), relative to the repository;
#: the built site and slides copy them into ``_static/``.
BADGE_DIR = "course_tools/templates/static"
BINDER_BADGE_IMAGE = f"{BADGE_DIR}/binder-badge.svg"
COLAB_BADGE_IMAGE = f"{BADGE_DIR}/colab-badge.svg"
#: The notebook a launch link opens when it names none.
FIRST_NOTEBOOK = "00_start_here.ipynb"
#: Where a notebook (in ``notebooks/``) finds the repository's root.
FROM_NOTEBOOK = "../"


def repo_name() -> str:
    """The repository's folder name when cloned (what nbgitpuller creates on a hub)."""
    return REPOSITORY.split("/", 1)[1]


def github_url(path: str = "") -> str:
    """The repository on GitHub, or one file in it on :data:`BRANCH`."""
    base = f"https://github.com/{REPOSITORY}"
    return f"{base}/blob/{BRANCH}/{path}" if path else base


def binder_url(notebook: str | None = None) -> str:
    """A mybinder.org link that opens JupyterLab, at ``notebooks/<notebook>`` if given."""
    url = f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD"
    if notebook:
        url += "?labpath=" + quote(f"notebooks/{notebook}", safe="")
    return url


def binder_badge(notebook: str | None = None, root: str = FROM_NOTEBOOK) -> str:
    """The Markdown badge that launches ``notebook`` (or the repository) on Binder.

    ``root`` is the way from the Markdown's folder to the repository's root (the badge image
    is the course's local copy): ``../`` from a notebook, ``""`` from the README.
    """
    return f"[![Launch on Binder]({root}{BINDER_BADGE_IMAGE})]({binder_url(notebook)})"


def colab_url(notebook: str = FIRST_NOTEBOOK) -> str:
    """A Google Colab link that opens ``notebooks/<notebook>`` from GitHub."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/notebooks/{notebook}"


def colab_badge(notebook: str | None = None, root: str = FROM_NOTEBOOK) -> str:
    """The Markdown badge that opens ``notebook`` (default: the first) in Google Colab."""
    return (f"[![Open in Colab]({root}{COLAB_BADGE_IMAGE})]"
            f"({colab_url(notebook or FIRST_NOTEBOOK)})")


def launch_badges(notebook: str | None = None, root: str = FROM_NOTEBOOK) -> str:
    """The Binder badge and the Colab badge, side by side on one line."""
    return f"{binder_badge(notebook, root)} {colab_badge(notebook, root)}"


def pip_install_url() -> str:
    """What ``pip install`` takes to install ``course_lib`` straight from the repository
    (the notebooks' first cell does it on Colab)."""
    return f"git+{github_url()}@{BRANCH}"


def nbgitpuller_url(hub: str, notebook: str = FIRST_NOTEBOOK, branch: str = BRANCH,
                    repo: str | None = None) -> str:
    """A link that clones (or updates) the course on a JupyterHub and opens ``notebook``.

    ``hub`` is the hub's address, with or without ``https://``; ``repo`` the git URL the hub
    pulls from (default: the course on GitHub; ``make class-check`` gives a local one).
    """
    hub = hub.rstrip("/")
    if not hub.startswith(("https://", "http://")):
        hub = "https://" + hub
    repo = repo or github_url()
    folder = repo.rstrip("/").split("/")[-1]  # where nbgitpuller clones: its default targetpath
    query = urlencode({"repo": repo, "branch": branch,
                       "urlpath": f"lab/tree/{folder}/notebooks/{notebook}"}, quote_via=quote)
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["binder"]:
        print(binder_url())
        for path in notebooks.course_notebooks():
            print(binder_url(path.name))
        return 0
    if argv[:1] == ["nbgitpuller"] and len(argv) == 2:
        for path in notebooks.course_notebooks():
            print(nbgitpuller_url(argv[1], path.name))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
