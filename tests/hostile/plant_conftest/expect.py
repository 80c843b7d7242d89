RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
MUST_NOT_EXIST = ["specs/conftest.py", "impl/hostile_planted.py", "tests/hostile/plant_conftest/planted.py",
                  "{purelib}/netspecs_hostile_planted.pth"]
