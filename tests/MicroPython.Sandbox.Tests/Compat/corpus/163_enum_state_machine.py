from enum import Enum, auto


class State(Enum):
    IDLE = auto()
    RUNNING = auto()
    PAUSED = auto()
    STOPPED = auto()


TRANSITIONS = {
    State.IDLE: {State.RUNNING},
    State.RUNNING: {State.PAUSED, State.STOPPED},
    State.PAUSED: {State.RUNNING, State.STOPPED},
    State.STOPPED: set(),
}


class Machine:
    def __init__(self):
        self.state = State.IDLE

    def go(self, new: State) -> bool:
        if new in TRANSITIONS[self.state]:
            self.state = new
            return True
        return False


m = Machine()
for target in [State.RUNNING, State.IDLE, State.PAUSED, State.STOPPED, State.RUNNING]:
    print(f"{m.state.name} -> {target.name}: {'ok' if m.go(target) else 'rejected'}")
print(m.state, m.state.value)
