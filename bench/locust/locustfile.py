"""The original's load test (seed 001, src/load_test.py), unchanged in substance: every simulated user
posts the same 3-record payload to /process back to back, with no wait between requests."""
from locust import HttpUser, task

PAYLOAD = [
    {"id": 1, "gender": "M", "salary": 5000},
    {"id": 2, "gender": "F", "salary": 6000},
    {"id": 3, "gender": "M", "salary": 5500},
]


class ProcessUser(HttpUser):
    @task
    def post_data(self):
        self.client.post("/process", json=PAYLOAD)
