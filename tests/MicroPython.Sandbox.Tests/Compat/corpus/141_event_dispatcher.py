from collections import defaultdict
from typing import Callable, Dict, List

class EventBus:
    def __init__(self) -> None:
        self._handlers: Dict[str, List[Callable[..., None]]] = defaultdict(list)

    def on(self, event: str):
        def register(fn):
            self._handlers[event].append(fn)
            return fn
        return register

    def emit(self, event: str, **payload) -> int:
        for fn in self._handlers[event]:
            fn(**payload)
        return len(self._handlers[event])

bus = EventBus()

@bus.on("login")
def greet(user):
    print(f"welcome {user}")

@bus.on("login")
def audit(user):
    print(f"audit: {user} logged in")

print(bus.emit("login", user="ada"), bus.emit("logout"))
