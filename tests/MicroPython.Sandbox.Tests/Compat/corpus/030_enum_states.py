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

def advance(current: State, target: State) -> State:
    if target not in TRANSITIONS[current]:
        raise ValueError(f"illegal transition {current.name} -> {target.name}")
    return target

s = State.IDLE
for nxt in [State.RUNNING, State.PAUSED, State.RUNNING, State.STOPPED]:
    s = advance(s, nxt)
    print("now", s)
try:
    advance(s, State.RUNNING)
except ValueError as e:
    print(e)
print([m.name for m in State], State(2), State["PAUSED"].value)
