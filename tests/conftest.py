pytest_plugins = ["tests.golden_plugin", "tests.support.fixtures"]
