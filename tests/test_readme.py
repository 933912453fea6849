"""README.md and .ci/run agree: CI runs exactly the test command the README gives, and the main command's scenario
exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def code_blocks(text):
    return re.findall(r"```bash\n(.*?)```", text, flags=re.S)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = code_blocks(readme)
    test_command = next(block.strip() for block in blocks if "pytest" in block)
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_main_command_names_a_bundled_scenario():
    readme = (ROOT / "README.md").read_text()
    main_command = next(block.strip() for block in code_blocks(readme) if "ipshare allocate" in block)
    scenario = re.search(r"ipshare allocate (\S+)", main_command).group(1)
    assert (ROOT / scenario).is_file()
