"""The suite tests numpy_redis as pip installed it into a fresh venv, not the source tree."""

import os
import subprocess
import sys
import unittest

import numpy_redis
import numpy_redis.asyncio
from support import CLIENT_DIR


class InstalledTest(unittest.TestCase):
    def test_runs_in_a_venv_that_sees_the_systems_numpy_and_redis(self):
        self.assertNotEqual(sys.prefix, sys.base_prefix, "run.py starts these tests with the venv's python")

    def test_the_package_comes_from_the_venv_not_from_python_client(self):
        for module in (numpy_redis, numpy_redis.asyncio):
            path = os.path.realpath(module.__file__)
            self.assertTrue(path.startswith(os.path.realpath(sys.prefix) + os.sep), path)
            self.assertFalse(path.startswith(os.path.realpath(CLIENT_DIR) + os.sep), path)

    def test_pip_installed_the_numpy_redis_command(self):
        command = os.path.join(os.path.dirname(sys.executable), "numpy-redis")
        done = subprocess.run([command, "--help"], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("put", done.stdout)
