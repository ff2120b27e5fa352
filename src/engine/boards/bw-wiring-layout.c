/* bw-wiring-layout.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The probe's header is drawn on the left with its rows as columns, the
 * ESC's connector on the right, and every wire runs in three straight
 * parts: out of the probe pin, down or up its own vertical channel, into
 * the board pin. A wire from the outer column first steps into the gap
 * between two inner pins so that it never runs over a pin. With at most
 * five wires, every channel order and step direction is tried and the
 * route with the fewest crossings (and no two wires on top of each other)
 * is kept, so crossings are left only where the two pin orders force them.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bw-wiring-layout.h"

#define MARGIN          16.0
#define TEXT_HEIGHT     14.0
#define GLYPH_WIDTH       7.0
#define NUMBER_WIDTH    18.0
#define PIN_HEIGHT      22.0
#define PIN_PADDING      6.0
#define MIN_PIN_WIDTH   48.0
#define PITCH           36.0
#define COLUMN_GAP      24.0
#define CHANNEL_STEP    16.0
#define CHANNEL_MARGIN  24.0
#define TITLE_GAP       16.0
#define EPSILON          0.01
#define OVERLAP_PENALTY 1000u
#define MAX_WIRES        6

struct _BwWiringLayout
{
  GObject   parent_instance;
  gdouble   width;
  gdouble   height;
  GArray   *pins;   /* BwLayoutPin */
  GArray   *wires;  /* BwLayoutWire */
  GArray   *labels; /* BwLayoutLabel */
  guint     n_crossings;
  guint     n_overlaps;
};

G_DEFINE_FINAL_TYPE (BwWiringLayout, bw_wiring_layout, G_TYPE_OBJECT)

static void
clear_label (BwLayoutLabel *label)
{
  g_clear_pointer (&label->text, g_free);
}

static void
clear_pin (gpointer data)
{
  BwLayoutPin *pin = data;

  clear_label (&pin->label);
  clear_label (&pin->number_label);
}

static void
clear_label_func (gpointer data)
{
  clear_label (data);
}

static void
bw_wiring_layout_finalize (GObject *object)
{
  BwWiringLayout *self = BW_WIRING_LAYOUT (object);

  g_clear_pointer (&self->pins, g_array_unref);
  g_clear_pointer (&self->wires, g_array_unref);
  g_clear_pointer (&self->labels, g_array_unref);
  G_OBJECT_CLASS (bw_wiring_layout_parent_class)->finalize (object);
}

static void
bw_wiring_layout_class_init (BwWiringLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_wiring_layout_finalize;
}

static void
bw_wiring_layout_init (BwWiringLayout *self)
{
  self->pins = g_array_new (FALSE, TRUE, sizeof (BwLayoutPin));
  g_array_set_clear_func (self->pins, clear_pin);
  self->wires = g_array_new (FALSE, TRUE, sizeof (BwLayoutWire));
  self->labels = g_array_new (FALSE, TRUE, sizeof (BwLayoutLabel));
  g_array_set_clear_func (self->labels, clear_label_func);
}

/* A deliberate over-estimate for a sans font at the GUI's size: the GUI
 * may draw narrower text, never wider. */
gdouble
bw_wiring_layout_estimate_text_width (const gchar *text)
{
  g_return_val_if_fail (text != NULL, 0.0);
  return GLYPH_WIDTH * (gdouble) g_utf8_strlen (text, -1);
}

static BwLayoutLabel
make_label (const gchar *text, gdouble x, gdouble y, BwLayoutAlign align)
{
  gdouble width = bw_wiring_layout_estimate_text_width (text);
  BwLayoutLabel label = { g_strdup (text), { x, y }, align, { 0 } };

  label.box.x = align == BW_LAYOUT_ALIGN_CENTER ? x - width / 2.0 : x;
  label.box.y = y - TEXT_HEIGHT / 2.0;
  label.box.width = width;
  label.box.height = TEXT_HEIGHT;
  return label;
}

static const gchar *
pin_text (const gchar *label, BwSignal signal)
{
  return label != NULL ? label : bw_signal_get_display_name (signal);
}

static gboolean
is_free (BwWiring *wiring, BwPinSide side, guint pin)
{
  for (guint i = 0; i < bw_wiring_get_n_free_pins (wiring); i++)
    {
      const BwFreePin *free_pin = bw_wiring_get_free_pin (wiring, i);

      if (free_pin->side == side && free_pin->pin == pin)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_wired (BwWiring *wiring, BwPinSide side, guint pin)
{
  for (guint i = 0; i < bw_wiring_get_n_wires (wiring); i++)
    {
      const BwWire *wire = bw_wiring_get_wire (wiring, i);

      if ((side == BW_PIN_SIDE_PROBE ? wire->probe_pin : wire->board_pin) == pin)
        return TRUE;
    }
  return FALSE;
}

static void
add_pin (BwWiringLayout *self,
         BwWiring       *wiring,
         BwPinSide       side,
         guint           pin,
         guint           number,
         BwSignal        signal,
         const gchar    *text,
         gdouble         x,
         gdouble         y,
         gdouble         width)
{
  BwLayoutPin layout_pin = { 0 };
  g_autofree gchar *number_text = number > 0 ? g_strdup_printf ("%u", number) : g_strdup ("");

  layout_pin.side = side;
  layout_pin.pin = pin;
  layout_pin.number = number;
  layout_pin.signal = signal;
  layout_pin.rect = (BwLayoutRect) { x, y - PIN_HEIGHT / 2.0, width, PIN_HEIGHT };
  layout_pin.number_label = make_label (number_text, x + PIN_PADDING, y, BW_LAYOUT_ALIGN_START);
  layout_pin.label = make_label (text, x + NUMBER_WIDTH + (width - NUMBER_WIDTH) / 2.0, y,
                                 BW_LAYOUT_ALIGN_CENTER);
  layout_pin.wired = is_wired (wiring, side, pin);
  layout_pin.keep_free = is_free (wiring, side, pin);
  g_array_append_val (self->pins, layout_pin);
}

/* Working data for routing one wire. */
typedef struct {
  gdouble  start_x;   /* right edge of the probe pin */
  gdouble  start_y;
  gboolean outer;     /* in the column away from the board */
  gdouble  gap_x;     /* where an outer wire turns into its gap */
  gdouble  end_x;     /* left edge of the board pin */
  gdouble  end_y;
} WireEnds;

typedef struct {
  gdouble x1, y1, x2, y2;
} Segment;

static guint
route (const WireEnds *ends, gdouble channel_x, gint step, BwLayoutPoint *points)
{
  guint n = 0;

  points[n++] = (BwLayoutPoint) { ends->start_x, ends->start_y };
  if (ends->outer)
    {
      gdouble gap_y = ends->start_y + step * PITCH / 2.0;

      points[n++] = (BwLayoutPoint) { ends->gap_x, ends->start_y };
      points[n++] = (BwLayoutPoint) { ends->gap_x, gap_y };
      points[n++] = (BwLayoutPoint) { channel_x, gap_y };
    }
  else
    points[n++] = (BwLayoutPoint) { channel_x, ends->start_y };
  points[n++] = (BwLayoutPoint) { channel_x, ends->end_y };
  points[n++] = (BwLayoutPoint) { ends->end_x, ends->end_y };
  return n;
}

static gboolean
near (gdouble a, gdouble b)
{
  return fabs (a - b) < EPSILON;
}

static gboolean
strictly_inside (gdouble v, gdouble a, gdouble b)
{
  return v > MIN (a, b) + EPSILON && v < MAX (a, b) - EPSILON;
}

static gdouble
shared_length (gdouble a1, gdouble a2, gdouble b1, gdouble b2)
{
  return MIN (MAX (a1, a2), MAX (b1, b2)) - MAX (MIN (a1, a2), MIN (b1, b2));
}

/* Adds the crossings and the overlaps (shared stretches) of two segments. */
static void
compare_segments (const Segment *a, const Segment *b, guint *crossings, guint *overlaps)
{
  gboolean a_horizontal = near (a->y1, a->y2);
  gboolean b_horizontal = near (b->y1, b->y2);

  if (a_horizontal && b_horizontal)
    {
      if (near (a->y1, b->y1) && shared_length (a->x1, a->x2, b->x1, b->x2) > EPSILON)
        (*overlaps)++;
    }
  else if (!a_horizontal && !b_horizontal)
    {
      if (near (a->x1, b->x1) && shared_length (a->y1, a->y2, b->y1, b->y2) > EPSILON)
        (*overlaps)++;
    }
  else
    {
      const Segment *h = a_horizontal ? a : b;
      const Segment *v = a_horizontal ? b : a;

      if (strictly_inside (v->x1, h->x1, h->x2) && strictly_inside (h->y1, v->y1, v->y2))
        (*crossings)++;
    }
}

static guint
to_segments (const BwLayoutPoint *points, guint n_points, Segment *segments)
{
  guint n = 0;

  for (guint i = 0; i + 1 < n_points; i++)
    {
      if (near (points[i].x, points[i + 1].x) && near (points[i].y, points[i + 1].y))
        continue;
      segments[n++] = (Segment) { points[i].x, points[i].y, points[i + 1].x, points[i + 1].y };
    }
  return n;
}

typedef struct {
  const WireEnds *ends;
  guint           n_wires;
  gdouble         channel_left;
  guint           order[MAX_WIRES]; /* wire -> channel */
  gint            steps[MAX_WIRES];
  guint           best_order[MAX_WIRES];
  gint            best_steps[MAX_WIRES];
  guint           best_score;
  guint           best_crossings;
  guint           best_overlaps;
} Search;

static gdouble
channel_x (const Search *search, guint channel)
{
  return search->channel_left + CHANNEL_STEP * (channel + 0.5);
}

static void
score_current (Search *search)
{
  Segment segments[MAX_WIRES][BW_LAYOUT_MAX_WIRE_POINTS];
  guint n_segments[MAX_WIRES];
  guint crossings = 0;
  guint overlaps = 0;
  guint score;

  for (guint w = 0; w < search->n_wires; w++)
    {
      BwLayoutPoint points[BW_LAYOUT_MAX_WIRE_POINTS];
      guint n = route (&search->ends[w], channel_x (search, search->order[w]), search->steps[w], points);

      n_segments[w] = to_segments (points, n, segments[w]);
    }
  for (guint a = 0; a < search->n_wires; a++)
    for (guint b = a + 1; b < search->n_wires; b++)
      for (guint i = 0; i < n_segments[a]; i++)
        for (guint j = 0; j < n_segments[b]; j++)
          compare_segments (&segments[a][i], &segments[b][j], &crossings, &overlaps);

  score = crossings + OVERLAP_PENALTY * overlaps;
  if (score < search->best_score)
    {
      search->best_score = score;
      search->best_crossings = crossings;
      search->best_overlaps = overlaps;
      memcpy (search->best_order, search->order, sizeof (search->order));
      memcpy (search->best_steps, search->steps, sizeof (search->steps));
    }
}

static void
permute (Search *search, guint depth, guint used)
{
  if (search->best_score == 0)
    return;
  if (depth == search->n_wires)
    {
      score_current (search);
      return;
    }
  for (guint channel = 0; channel < search->n_wires; channel++)
    {
      if (used & (1u << channel))
        continue;
      search->order[depth] = channel;
      permute (search, depth + 1, used | (1u << channel));
    }
}

static void
search_routes (Search *search)
{
  guint outer[MAX_WIRES];
  guint n_outer = 0;

  for (guint w = 0; w < search->n_wires; w++)
    {
      /* first guess: step towards the board pin */
      search->steps[w] = search->ends[w].end_y < search->ends[w].start_y ? -1 : 1;
      if (search->ends[w].outer)
        outer[n_outer++] = w;
    }
  for (guint flips = 0; flips < (1u << n_outer) && search->best_score > 0; flips++)
    {
      for (guint k = 0; k < n_outer; k++)
        {
          const WireEnds *ends = &search->ends[outer[k]];
          gint towards = ends->end_y < ends->start_y ? -1 : 1;

          search->steps[outer[k]] = (flips & (1u << k)) ? -towards : towards;
        }
      permute (search, 0, 0);
    }
}

static gdouble
header_width (guint n, const gchar *const *texts)
{
  gdouble width = MIN_PIN_WIDTH;

  for (guint i = 0; i < n; i++)
    width = MAX (width, bw_wiring_layout_estimate_text_width (texts[i]) + NUMBER_WIDTH + 2 * PIN_PADDING);
  return ceil (width);
}

static void
extend (gdouble *right, gdouble *bottom, const BwLayoutRect *rect)
{
  *right = MAX (*right, rect->x + rect->width);
  *bottom = MAX (*bottom, rect->y + rect->height);
}

BwWiringLayout *
bw_wiring_layout_new (BwWiring *wiring)
{
  g_autoptr(BwWiringLayout) self = NULL;
  BwProbeProfile *probe;
  BwBoard *board;
  g_autofree const gchar **probe_texts = NULL;
  g_autofree const gchar **board_texts = NULL;
  guint n_probe, n_board, n_rows, n_columns, n_wires;
  guint wired_per_row[2] = { 0, 0 };
  guint outer_row = 0;
  gdouble probe_width, board_width, top, probe_top, board_top, probe_right, board_x;
  gdouble right = 0.0;
  gdouble bottom = 0.0;
  WireEnds ends[MAX_WIRES];
  Search search = { 0 };
  BwLayoutLabel title;

  g_return_val_if_fail (BW_IS_WIRING (wiring), NULL);

  self = g_object_new (BW_TYPE_WIRING_LAYOUT, NULL);
  probe = bw_wiring_get_probe (wiring);
  board = bw_wiring_get_board (wiring);
  n_probe = bw_probe_profile_get_n_pins (probe);
  n_board = bw_board_get_n_pins (board);
  n_rows = bw_probe_profile_get_n_rows (probe);
  n_columns = bw_probe_profile_get_n_columns (probe);
  /* a wiring has at most GND, SWDIO, SWCLK, NRST and 3.3 V */
  n_wires = MIN (bw_wiring_get_n_wires (wiring), (guint) MAX_WIRES);

  probe_texts = g_new0 (const gchar *, n_probe + 1);
  for (guint i = 0; i < n_probe; i++)
    probe_texts[i] = pin_text (bw_probe_profile_get_pin_label (probe, i),
                               bw_probe_profile_get_pin_signal (probe, i));
  board_texts = g_new0 (const gchar *, n_board + 1);
  for (guint i = 0; i < n_board; i++)
    board_texts[i] = pin_text (bw_board_get_pin_label (board, i), bw_board_get_pin_signal (board, i));
  probe_width = header_width (n_probe, probe_texts);
  board_width = header_width (n_board, board_texts);

  /* the header row with fewer wires goes on the outside */
  for (guint i = 0; i < n_wires; i++)
    {
      guint row = 0, column = 0;

      bw_probe_profile_get_pin_position (probe, bw_wiring_get_wire (wiring, i)->probe_pin, &row, &column);
      wired_per_row[MIN (row, 1u)]++;
    }
  if (n_rows == 2 && wired_per_row[1] < wired_per_row[0])
    outer_row = 1;

  /* titles, one line each */
  top = MARGIN;
  title = make_label (bw_probe_profile_get_name (probe), MARGIN, top + TEXT_HEIGHT / 2.0, BW_LAYOUT_ALIGN_START);
  extend (&right, &bottom, &title.box);
  g_array_append_val (self->labels, title);
  top += TEXT_HEIGHT + 4.0;
  title = make_label (bw_board_get_name (board), MARGIN, top + TEXT_HEIGHT / 2.0, BW_LAYOUT_ALIGN_START);
  extend (&right, &bottom, &title.box);
  g_array_append_val (self->labels, title);
  top += TEXT_HEIGHT + TITLE_GAP + PITCH / 2.0;

  probe_top = top;
  board_top = top;
  if (n_columns > n_board)
    board_top += (n_columns - n_board) * PITCH / 2.0;
  else
    probe_top += (n_board - n_columns) * PITCH / 2.0;

  probe_right = MARGIN + n_rows * probe_width + (n_rows - 1) * COLUMN_GAP;
  board_x = probe_right + 2 * CHANNEL_MARGIN + n_wires * CHANNEL_STEP;

  for (guint i = 0; i < n_probe; i++)
    {
      guint row = 0, column = 0;
      guint slot;

      bw_probe_profile_get_pin_position (probe, i, &row, &column);
      slot = n_rows == 2 ? (row == outer_row ? 0 : 1) : 0;
      add_pin (self, wiring, BW_PIN_SIDE_PROBE, i, i + 1, bw_probe_profile_get_pin_signal (probe, i),
               probe_texts[i], MARGIN + slot * (probe_width + COLUMN_GAP),
               probe_top + column * PITCH, probe_width);
    }
  for (guint i = 0; i < n_board; i++)
    add_pin (self, wiring, BW_PIN_SIDE_BOARD, i, bw_board_get_pin_number (board, i),
             bw_board_get_pin_signal (board, i), board_texts[i], board_x, board_top + i * PITCH,
             board_width);
  for (guint i = 0; i < self->pins->len; i++)
    extend (&right, &bottom, &g_array_index (self->pins, BwLayoutPin, i).rect);

  for (guint w = 0; w < n_wires; w++)
    {
      const BwWire *wire = bw_wiring_get_wire (wiring, w);
      const BwLayoutPin *from = bw_wiring_layout_find_pin (self, BW_PIN_SIDE_PROBE, wire->probe_pin);
      const BwLayoutPin *to = bw_wiring_layout_find_pin (self, BW_PIN_SIDE_BOARD, wire->board_pin);

      ends[w].start_x = from->rect.x + from->rect.width;
      ends[w].start_y = from->rect.y + from->rect.height / 2.0;
      ends[w].outer = n_rows == 2 && from->rect.x < MARGIN + EPSILON;
      ends[w].gap_x = ends[w].start_x + COLUMN_GAP / 2.0;
      ends[w].end_x = to->rect.x;
      ends[w].end_y = to->rect.y + to->rect.height / 2.0;
    }
  search.ends = ends;
  search.n_wires = n_wires;
  search.channel_left = probe_right + CHANNEL_MARGIN;
  search.best_score = G_MAXUINT;
  search_routes (&search);
  self->n_crossings = search.best_crossings;
  self->n_overlaps = search.best_overlaps;

  for (guint w = 0; w < n_wires; w++)
    {
      const BwWire *wire = bw_wiring_get_wire (wiring, w);
      BwLayoutWire layout_wire = { 0 };

      layout_wire.wire = w;
      layout_wire.n_points = route (&ends[w], channel_x (&search, search.best_order[w]),
                                    search.best_steps[w], layout_wire.points);
      layout_wire.colour = wire->colour;
      layout_wire.rgb = bw_wire_colour_get_rgb (wire->colour);
      for (guint p = 0; p < layout_wire.n_points; p++)
        bottom = MAX (bottom, layout_wire.points[p].y);
      g_array_append_val (self->wires, layout_wire);
    }

  self->width = ceil (right + MARGIN);
  self->height = ceil (bottom + MARGIN);
  return g_steal_pointer (&self);
}

gdouble
bw_wiring_layout_get_width (BwWiringLayout *self)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), 0.0);
  return self->width;
}

gdouble
bw_wiring_layout_get_height (BwWiringLayout *self)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), 0.0);
  return self->height;
}

guint
bw_wiring_layout_get_n_pins (BwWiringLayout *self)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), 0);
  return self->pins->len;
}

const BwLayoutPin *
bw_wiring_layout_get_pin (BwWiringLayout *self, guint index)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->pins->len, NULL);
  return &g_array_index (self->pins, BwLayoutPin, index);
}

const BwLayoutPin *
bw_wiring_layout_find_pin (BwWiringLayout *self, BwPinSide side, guint pin)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), NULL);

  for (guint i = 0; i < self->pins->len; i++)
    {
      const BwLayoutPin *layout_pin = &g_array_index (self->pins, BwLayoutPin, i);

      if (layout_pin->side == side && layout_pin->pin == pin)
        return layout_pin;
    }
  return NULL;
}

guint
bw_wiring_layout_get_n_wires (BwWiringLayout *self)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), 0);
  return self->wires->len;
}

const BwLayoutWire *
bw_wiring_layout_get_wire (BwWiringLayout *self, guint index)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->wires->len, NULL);
  return &g_array_index (self->wires, BwLayoutWire, index);
}

/* The titles: the probe's name, then the board's. Pin labels are in the pins. */
guint
bw_wiring_layout_get_n_labels (BwWiringLayout *self)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), 0);
  return self->labels->len;
}

const BwLayoutLabel *
bw_wiring_layout_get_label (BwWiringLayout *self, guint index)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->labels->len, NULL);
  return &g_array_index (self->labels, BwLayoutLabel, index);
}

guint
bw_wiring_layout_get_n_crossings (BwWiringLayout *self)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), 0);
  return self->n_crossings;
}

guint
bw_wiring_layout_get_n_overlaps (BwWiringLayout *self)
{
  g_return_val_if_fail (BW_IS_WIRING_LAYOUT (self), 0);
  return self->n_overlaps;
}
