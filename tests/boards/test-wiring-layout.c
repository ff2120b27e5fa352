/* test-wiring-layout.c: the diagram geometry for every pair
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "bootwire-engine.h"

#define EPS 0.001

static BwBoardDb *
load_bundled (void)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_board_db_load_dir (db, g_getenv ("BW_DATA_DIR"), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

static gboolean
rect_contains_rect (const BwLayoutRect *outer, const BwLayoutRect *inner)
{
  return inner->x >= outer->x - EPS && inner->y >= outer->y - EPS &&
         inner->x + inner->width <= outer->x + outer->width + EPS &&
         inner->y + inner->height <= outer->y + outer->height + EPS;
}

static gboolean
rects_overlap (const BwLayoutRect *a, const BwLayoutRect *b)
{
  return a->x < b->x + b->width - EPS && b->x < a->x + a->width - EPS &&
         a->y < b->y + b->height - EPS && b->y < a->y + a->height - EPS;
}

static gboolean
point_on_rect (const BwLayoutPoint *point, const BwLayoutRect *rect)
{
  return point->x >= rect->x - EPS && point->x <= rect->x + rect->width + EPS &&
         point->y >= rect->y - EPS && point->y <= rect->y + rect->height + EPS;
}

/* Does the segment run through the inside of the rectangle? */
static gboolean
segment_enters_rect (const BwLayoutPoint *a, const BwLayoutPoint *b, const BwLayoutRect *rect)
{
  gdouble x1 = MIN (a->x, b->x), x2 = MAX (a->x, b->x);
  gdouble y1 = MIN (a->y, b->y), y2 = MAX (a->y, b->y);

  return x1 < rect->x + rect->width - EPS && x2 > rect->x + EPS &&
         y1 < rect->y + rect->height - EPS && y2 > rect->y + EPS;
}

/* Counted here from the points, independently of the layout's own count. */
static guint
count_crossings (BwWiringLayout *layout)
{
  guint crossings = 0;

  for (guint a = 0; a < bw_wiring_layout_get_n_wires (layout); a++)
    for (guint b = a + 1; b < bw_wiring_layout_get_n_wires (layout); b++)
      {
        const BwLayoutWire *wa = bw_wiring_layout_get_wire (layout, a);
        const BwLayoutWire *wb = bw_wiring_layout_get_wire (layout, b);

        for (guint i = 0; i + 1 < wa->n_points; i++)
          for (guint j = 0; j + 1 < wb->n_points; j++)
            {
              const BwLayoutPoint *p = &wa->points[i], *q = &wa->points[i + 1];
              const BwLayoutPoint *r = &wb->points[j], *s = &wb->points[j + 1];
              const BwLayoutPoint *h1, *h2, *v1, *v2;

              if (fabs (p->y - q->y) < EPS && fabs (r->x - s->x) < EPS)
                h1 = p, h2 = q, v1 = r, v2 = s;
              else if (fabs (r->y - s->y) < EPS && fabs (p->x - q->x) < EPS)
                h1 = r, h2 = s, v1 = p, v2 = q;
              else
                continue;
              if (fabs (h1->x - h2->x) < EPS || fabs (v1->y - v2->y) < EPS)
                continue;
              if (v1->x > MIN (h1->x, h2->x) + EPS && v1->x < MAX (h1->x, h2->x) - EPS &&
                  h1->y > MIN (v1->y, v2->y) + EPS && h1->y < MAX (v1->y, v2->y) - EPS)
                crossings++;
            }
      }
  return crossings;
}

/* Two wires must cross when their order on the probe is the reverse of their
 * order on the board; two pins side by side in the two rows may go either
 * way. Nothing else justifies a crossing. */
static guint
forced_crossings (BwWiring *wiring, BwWiringLayout *layout)
{
  guint forced = 0;

  for (guint a = 0; a < bw_wiring_get_n_wires (wiring); a++)
    for (guint b = a + 1; b < bw_wiring_get_n_wires (wiring); b++)
      {
        const BwWire *wa = bw_wiring_get_wire (wiring, a);
        const BwWire *wb = bw_wiring_get_wire (wiring, b);
        const BwLayoutPin *pa = bw_wiring_layout_find_pin (layout, BW_PIN_SIDE_PROBE, wa->probe_pin);
        const BwLayoutPin *pb = bw_wiring_layout_find_pin (layout, BW_PIN_SIDE_PROBE, wb->probe_pin);
        const BwLayoutPin *ba = bw_wiring_layout_find_pin (layout, BW_PIN_SIDE_BOARD, wa->board_pin);
        const BwLayoutPin *bb = bw_wiring_layout_find_pin (layout, BW_PIN_SIDE_BOARD, wb->board_pin);
        gdouble probe_order = pa->rect.y - pb->rect.y;
        gdouble board_order = ba->rect.y - bb->rect.y;

        if (fabs (probe_order) < EPS || probe_order * board_order < 0)
          forced++;
      }
  return forced;
}

static void
check_layout (BwWiring *wiring, BwWiringLayout *layout)
{
  BwLayoutRect canvas = { 0, 0, bw_wiring_layout_get_width (layout), bw_wiring_layout_get_height (layout) };
  BwBoard *board = bw_wiring_get_board (wiring);
  BwProbeProfile *probe = bw_wiring_get_probe (wiring);

  g_assert_cmpfloat (canvas.width, >, 100.0);
  g_assert_cmpfloat (canvas.height, >, 100.0);
  g_assert_cmpuint (bw_wiring_layout_get_n_pins (layout), ==,
                    bw_board_get_n_pins (board) + bw_probe_profile_get_n_pins (probe));

  for (guint i = 0; i < bw_wiring_layout_get_n_pins (layout); i++)
    {
      const BwLayoutPin *pin = bw_wiring_layout_get_pin (layout, i);

      g_assert_true (bw_wiring_layout_find_pin (layout, pin->side, pin->pin) == pin);
      g_assert_true (rect_contains_rect (&canvas, &pin->rect));
      g_assert_true (rect_contains_rect (&pin->rect, &pin->label.box));
      g_assert_true (rect_contains_rect (&pin->rect, &pin->number_label.box));
      g_assert_true (rect_contains_rect (&canvas, &pin->label.box));
      g_assert_nonnull (pin->label.text);
      g_assert_cmpstr (pin->label.text, !=, "");
      g_assert_false (pin->wired && pin->keep_free);
      if (pin->side == BW_PIN_SIDE_PROBE)
        g_assert_cmpuint (pin->number, ==, pin->pin + 1);
      for (guint j = i + 1; j < bw_wiring_layout_get_n_pins (layout); j++)
        g_assert_false (rects_overlap (&pin->rect, &bw_wiring_layout_get_pin (layout, j)->rect));
    }
  for (guint i = 0; i < bw_wiring_layout_get_n_labels (layout); i++)
    {
      const BwLayoutLabel *label = bw_wiring_layout_get_label (layout, i);

      g_assert_true (rect_contains_rect (&canvas, &label->box));
      for (guint j = 0; j < bw_wiring_layout_get_n_pins (layout); j++)
        g_assert_false (rects_overlap (&label->box, &bw_wiring_layout_get_pin (layout, j)->rect));
    }

  g_assert_cmpuint (bw_wiring_layout_get_n_wires (layout), ==, bw_wiring_get_n_wires (wiring));
  for (guint w = 0; w < bw_wiring_layout_get_n_wires (layout); w++)
    {
      const BwLayoutWire *wire = bw_wiring_layout_get_wire (layout, w);
      const BwWire *model = bw_wiring_get_wire (wiring, wire->wire);
      const BwLayoutPin *from = bw_wiring_layout_find_pin (layout, BW_PIN_SIDE_PROBE, model->probe_pin);
      const BwLayoutPin *to = bw_wiring_layout_find_pin (layout, BW_PIN_SIDE_BOARD, model->board_pin);

      g_assert_cmpuint (wire->n_points, >=, 2);
      g_assert_cmpuint (wire->n_points, <=, BW_LAYOUT_MAX_WIRE_POINTS);
      g_assert_cmpint (wire->colour, ==, model->colour);
      g_assert_cmpuint (wire->rgb, ==, bw_wire_colour_get_rgb (model->colour));
      g_assert_true (from->wired);
      g_assert_true (to->wired);
      /* both ends on their pins */
      g_assert_true (point_on_rect (&wire->points[0], &from->rect));
      g_assert_true (point_on_rect (&wire->points[wire->n_points - 1], &to->rect));
      for (guint p = 0; p < wire->n_points; p++)
        {
          const BwLayoutPoint *point = &wire->points[p];

          g_assert_true (point->x >= 0 && point->x <= canvas.width);
          g_assert_true (point->y >= 0 && point->y <= canvas.height);
          if (p + 1 < wire->n_points)
            {
              const BwLayoutPoint *next = &wire->points[p + 1];

              /* straight parts only */
              g_assert_true (fabs (point->x - next->x) < EPS || fabs (point->y - next->y) < EPS);
              /* never across a pin */
              for (guint j = 0; j < bw_wiring_layout_get_n_pins (layout); j++)
                g_assert_false (segment_enters_rect (point, next, &bw_wiring_layout_get_pin (layout, j)->rect));
            }
        }
    }
  g_assert_cmpuint (bw_wiring_layout_get_n_overlaps (layout), ==, 0);
  g_assert_cmpuint (count_crossings (layout), ==, bw_wiring_layout_get_n_crossings (layout));
  g_assert_cmpuint (bw_wiring_layout_get_n_crossings (layout), <=, forced_crossings (wiring, layout));
}

static void
test_all_pairs (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(GPtrArray) boards = bw_board_db_get_boards (db);
  g_autoptr(GPtrArray) probes = bw_board_db_get_probes (db);

  for (guint b = 0; b < boards->len; b++)
    for (guint p = 0; p < probes->len; p++)
      for (guint power = BW_POWER_SOURCE_BATTERY; power <= BW_POWER_SOURCE_PROBE; power++)
        {
          g_autoptr(BwWiring) wiring = NULL;
          g_autoptr(BwWiringLayout) layout = NULL;

          wiring = bw_wiring_new (g_ptr_array_index (boards, b), g_ptr_array_index (probes, p), power, NULL);
          if (wiring == NULL)
            continue;
          g_test_message ("%s × %s, power %u", bw_board_get_id (g_ptr_array_index (boards, b)),
                          bw_probe_profile_get_id (g_ptr_array_index (probes, p)), power);
          layout = bw_wiring_layout_new (wiring);
          check_layout (wiring, layout);
        }
}

static BwWiringLayout *
layout_for (BwBoardDb *db, const gchar *board, const gchar *probe)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwWiring) wiring = bw_wiring_new (bw_board_db_find_board (db, board),
                                              bw_board_db_find_probe (db, probe),
                                              BW_POWER_SOURCE_BATTERY, &error);

  g_assert_no_error (error);
  return bw_wiring_layout_new (wiring);
}

/* Matching orders need no crossing at all. */
static void
test_no_avoidable_crossings (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(BwWiringLayout) nucleo = layout_for (db, "vesc-4.12", "nucleo-64-cn4");
  g_autoptr(BwWiringLayout) focer = layout_for (db, "cheap-focer-2", "nucleo-64-cn4");
  g_autoptr(BwWiringLayout) clone = layout_for (db, "vesc-4.12", "stlink-v2-clone-a");

  g_assert_cmpuint (bw_wiring_layout_get_n_wires (nucleo), ==, 5);
  g_assert_cmpuint (bw_wiring_layout_get_n_crossings (nucleo), ==, 0);
  g_assert_cmpuint (bw_wiring_layout_get_n_crossings (focer), ==, 0);
  /* clone A: SWCLK (2), SWDIO (4), GND (5) on a CLK, GND, DIO board: GND and
   * SWDIO swap order, which forces exactly one crossing */
  g_assert_cmpuint (bw_wiring_layout_get_n_crossings (clone), <=, 1);
}

static void
test_text_width (void)
{
  g_assert_cmpfloat (bw_wiring_layout_estimate_text_width (""), ==, 0.0);
  g_assert_cmpfloat (bw_wiring_layout_estimate_text_width ("GND"), <,
                     bw_wiring_layout_estimate_text_width ("VDD_TARGET"));
  /* characters, not bytes */
  g_assert_cmpfloat (bw_wiring_layout_estimate_text_width ("ä"), ==,
                     bw_wiring_layout_estimate_text_width ("a"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wiring-layout/all-pairs", test_all_pairs);
  g_test_add_func ("/wiring-layout/no-avoidable-crossings", test_no_avoidable_crossings);
  g_test_add_func ("/wiring-layout/text-width", test_text_width);
  return g_test_run ();
}
