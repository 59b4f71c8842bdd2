class Playlist:
    def __init__(self, name, songs=None):
        self.name = name
        self.songs = list(songs or [])

    def __len__(self):
        return len(self.songs)

    def __getitem__(self, index):
        return self.songs[index]

    def __contains__(self, song):
        return song in self.songs

    def __iter__(self):
        return iter(self.songs)

    def __add__(self, other):
        return Playlist(f"{self.name}+{other.name}", self.songs + other.songs)

    def __bool__(self):
        return bool(self.songs)

a = Playlist("rock", ["Song A", "Song B"])
b = Playlist("jazz", ["Song C"])
both = a + b
print(both.name, len(both), both[1], both[-1], "Song C" in both)
print([s.lower() for s in both], bool(Playlist("empty")))
print(both[0:2])
