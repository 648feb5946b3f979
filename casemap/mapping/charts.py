"""The scaling trajectory as server-rendered SVG geometry. The page shows the same numbers as a table."""

from dataclasses import dataclass

from casemap.mapping.selectors import TrajectorySeries

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 16, 56
# GOV.UK palette colours with a dash pattern each, so no line is told apart by colour alone.
STYLES = [
    ("#1d70b8", ""),
    ("#d4351c", "8 4"),
    ("#00703c", "2 4"),
    ("#4c2c92", "12 4 2 4"),
    ("#0b0c0c", "4 4"),  # every colour here has at least 3:1 contrast with white (WCAG 1.4.11)
    ("#505a5f", "1 3"),
    ("#912b88", "10 2"),
]


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    score: int
    label: str


@dataclass(frozen=True)
class ChartLine:
    label: str
    colour: str
    dash: str
    points: list[ChartPoint]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[ChartLine]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def trajectory_chart(series: list[TrajectorySeries]) -> Chart:
    moments = sorted({(point.held_on, point.map_number) for s in series for point in s.points})
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x_of(index: int) -> float:
        return LEFT + (plot_width / 2 if len(moments) == 1 else plot_width * index / (len(moments) - 1))

    def y_of(score: int) -> float:
        return TOP + plot_height * (10 - score) / 10

    position = {moment: index for index, moment in enumerate(moments)}
    lines = []
    for index, one in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        points = [
            ChartPoint(
                x_of(position[(p.held_on, p.map_number)]),
                y_of(p.score),
                p.score,
                f"{p.rater_name}: {p.score} on {p.held_on:%-d %b %Y}",
            )
            for p in one.points
        ]
        lines.append(ChartLine(one.label, colour, dash, points))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        lines=lines,
        y_ticks=[(y_of(score), score) for score in range(0, 11, 2)],
        x_ticks=[(x_of(i), f"Map {number}, {held_on:%-d %b %Y}") for i, (held_on, number) in enumerate(moments)],
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
    )
