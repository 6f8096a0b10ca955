"""What the API tests share beside the module's server harness: a small real cluster, client.py's cases."""

import importlib.util
import os
import unittest
import warnings

# redis-module/tests, where harness lives, is on PYTHONPATH: run.py puts it there.
from harness import RedisServer, wait_until

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
CLIENT_DIR = os.path.dirname(TESTS_DIR)

# numpy notes that v2.0/v3.0 files need a newer numpy; writing them is the point here
warnings.filterwarnings("ignore", message="Stored array in format", category=UserWarning)

SLOTS = 16384


def zero_information_loss():
    """client.py as a module: its arrays_to_store() and same_array() are the ground truth of the suite."""
    spec = importlib.util.spec_from_file_location("zero_information_loss", os.path.join(CLIENT_DIR, "client.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class LocalCluster:
    """`masters` redis-servers with the module, sharing the 16384 slots evenly, gossiping until state ok."""

    def __init__(self, masters=3):
        config = {"cluster-enabled": "yes", "cluster-config-file": "nodes.conf", "cluster-node-timeout": "5000"}
        self.servers = []
        try:
            for i in range(masters):
                self.servers.append(RedisServer(config, name=f"cluster-{i}").start())
            self._assign_slots()
            self._meet()
        except BaseException:
            self.cleanup()
            raise

    @property
    def port(self):
        return self.servers[0].port

    def flushall(self):
        for server in self.servers:
            server.client().flushall()

    def cleanup(self):
        for server in self.servers:
            server.cleanup()

    def _assign_slots(self):
        share = SLOTS // len(self.servers)
        for i, server in enumerate(self.servers):
            last = SLOTS - 1 if i == len(self.servers) - 1 else (i + 1) * share - 1
            server.client().execute_command("CLUSTER", "ADDSLOTSRANGE", i * share, last)

    def _meet(self):
        first = self.servers[0]
        for server in self.servers[1:]:
            server.client().execute_command("CLUSTER", "MEET", "127.0.0.1", first.port)

        def converged():
            return all(
                info["cluster_state"] == "ok" and int(info["cluster_known_nodes"]) == len(self.servers)
                for info in (server.client().cluster("info") for server in self.servers)
            )

        wait_until(converged, what="the cluster to agree on its nodes and slots")


class ClusterTestCase(unittest.TestCase):
    """One LocalCluster per class, emptied before each test."""

    cluster = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster = LocalCluster()

    @classmethod
    def tearDownClass(cls):
        cluster, cls.cluster = cls.cluster, None
        if cluster is not None:
            cluster.cleanup()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.cluster.flushall()
