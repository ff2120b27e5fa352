/* test-profile-translations.c: the texts of the board and probe profiles in
 * German and Spanish. Every key the wizard shows in the user's language has
 * a Key[de] and a Key[es] that keeps the English text's numbers; the
 * validator takes translations of those keys only; and with $LANGUAGE set,
 * the engine's own API returns them.
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

typedef struct {
  const gchar        *suffix;
  const gchar        *group;
  const gchar *const *keys;
} LocalizedGroup;

static const gchar *const board_keys[] = {
  "Name", "Vendor", "DualNote", "PowerNote", "BootloaderNote", "Notes", NULL
};
static const gchar *const probe_keys[] = { "Name", "Identify", "Notes", NULL };
static const gchar *const header_keys[] = { "Name", NULL };
static const LocalizedGroup localized_groups[] = {
  { ".board", "Board", board_keys },
  { ".probe", "Probe", probe_keys },
  { ".probe", "Header", header_keys },
};
static const gchar *const languages[] = { "de", "es", NULL };

/* The language this run was started in ($LANGUAGE), or NULL for English. */
static const gchar *run_language;

static const LocalizedGroup *
find_localized_group (const gchar *suffix, const gchar *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (localized_groups); i++)
    if (g_str_equal (localized_groups[i].suffix, suffix) && g_str_equal (localized_groups[i].group, group))
      return &localized_groups[i];
  return NULL;
}

static gboolean
key_is_localized (const gchar *suffix, const gchar *group, const gchar *key)
{
  const LocalizedGroup *localized = find_localized_group (suffix, group);

  return localized != NULL && g_strv_contains (localized->keys, key);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* The runs of digits in @text, sorted: "3.3 V, topic 752" and "Thema 752,
 * 3,3 V" both give "3 3 752", whatever the decimal sign or the word order. */
static gchar *
digit_groups (const gchar *text)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  GString *joined = g_string_new (NULL);

  for (const gchar *p = text; *p != '\0';)
    {
      const gchar *start = p;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      while (g_ascii_isdigit (*p))
        p++;
      g_ptr_array_add (groups, g_strndup (start, (gsize) (p - start)));
    }
  g_ptr_array_sort (groups, compare_strings);
  for (guint i = 0; i < groups->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? " " : "", (const gchar *) g_ptr_array_index (groups, i));
  return g_string_free (joined, FALSE);
}

/* Every problem with the translations in @keyfile (loaded with
 * G_KEY_FILE_KEEP_TRANSLATIONS), one message each; counts the translated
 * keys in @n_translated when it is not NULL. */
static GPtrArray *
check_translations (GKeyFile *keyfile, const gchar *suffix, guint *n_translated)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  for (gsize g = 0; g < G_N_ELEMENTS (localized_groups); g++)
    {
      const LocalizedGroup *localized = &localized_groups[g];

      if (!g_str_equal (localized->suffix, suffix))
        continue;
      for (guint k = 0; localized->keys[k] != NULL; k++)
        {
          const gchar *key = localized->keys[k];
          g_autofree gchar *english = g_key_file_get_string (keyfile, localized->group, key, NULL);
          g_autofree gchar *english_digits = NULL;

          if (english == NULL)
            continue;
          english_digits = digit_groups (english);
          for (guint l = 0; languages[l] != NULL; l++)
            {
              g_autofree gchar *name = g_strdup_printf ("%s[%s]", key, languages[l]);
              g_autofree gchar *value = g_key_file_get_string (keyfile, localized->group, name, NULL);
              g_autofree gchar *digits = NULL;

              if (value == NULL)
                {
                  g_ptr_array_add (problems, g_strdup_printf ("[%s] %s is missing", localized->group, name));
                  continue;
                }
              g_strstrip (value);
              if (*value == '\0')
                {
                  g_ptr_array_add (problems, g_strdup_printf ("[%s] %s is empty", localized->group, name));
                  continue;
                }
              digits = digit_groups (value);
              if (!g_str_equal (digits, english_digits))
                {
                  g_ptr_array_add (problems, g_strdup_printf ("[%s] %s has the numbers '%s', the English '%s'",
                                                              localized->group, name, digits, english_digits));
                  continue;
                }
              if (n_translated != NULL && l == 0)
                (*n_translated)++;
            }
        }
    }
  return problems;
}

static GKeyFile *
keyfile_from_data (const gchar *data)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_key_file_load_from_data (keyfile, data, -1, G_KEY_FILE_KEEP_TRANSLATIONS, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&keyfile);
}

static void
assert_one_problem (const gchar *data, const gchar *expected)
{
  g_autoptr(GKeyFile) keyfile = keyfile_from_data (data);
  g_autoptr(GPtrArray) problems = check_translations (keyfile, ".board", NULL);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const gchar *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), expected));
}

/* The check itself fails on each kind of mistake, and only on those. */
static void
test_checker (void)
{
  const gchar *complete =
    "[Board]\nName=VESC 4.12\nName[de]=VESC 4.12\nName[es]=VESC 4.12\n"
    "Notes=JST-PH 2.0 mm, 6 pins (topic 752, post #103).\n"
    "Notes[de]=JST-PH 2,0 mm, 6 Pins (Thema 752, Beitrag #103).\n"
    "Notes[es]=JST-PH 2.0 mm, 6 pines (tema 752, mensaje #103).\n";
  g_autoptr(GKeyFile) keyfile = keyfile_from_data (complete);
  g_autoptr(GKeyFile) header = keyfile_from_data ("[Connector]\nLabels=3.3v;CLK;\n[Header]\nName=2×5 box header\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) board_problems = NULL;
  g_autoptr(GPtrArray) probe_problems = NULL;
  g_autofree gchar *reordered = digit_groups ("post #103 of topic 752, 3.3 V");
  guint n = 0;

  problems = check_translations (keyfile, ".board", &n);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (reordered, ==, "103 3 3 752");

  assert_one_problem ("[Board]\nName=X 1\nName[de]=X 1\nName[es]=X 1\n"
                      "Notes=Pin 6 is not connected.\nNotes[de]=Pin 6 ist nicht verbunden.\n",
                      "Notes[es] is missing");
  assert_one_problem ("[Board]\nName=X 1\nName[de]=X 1\nName[es]=X 1\n"
                      "Notes=Pin 6 is not connected.\nNotes[de]=  \nNotes[es]=El pin 6 no está conectado.\n",
                      "Notes[de] is empty");
  /* a lost, a changed and an extra number */
  assert_one_problem ("[Board]\nName=X 1\nName[de]=X 1\nName[es]=X 1\n"
                      "Notes=JST-PH 2.0 mm\nNotes[de]=JST-PH 2 mm\nNotes[es]=JST-PH 2.0 mm\n",
                      "Notes[de] has the numbers '2', the English '0 2'");
  assert_one_problem ("[Board]\nName=X 1\nName[de]=X 1\nName[es]=X 1\n"
                      "Notes=topic 752\nNotes[de]=Thema 752\nNotes[es]=tema 725\n",
                      "Notes[es]");
  assert_one_problem ("[Board]\nName=X 1\nName[de]=X 10\nName[es]=X 1\n",
                      "Name[de]");
  assert_one_problem ("[Board]\nDualNote=Two MCUs\nDualNote[es]=Dos MCU\n",
                      "DualNote[de] is missing");
  /* a probe's [Header] Name counts, a board's [Connector] does not */
  board_problems = check_translations (header, ".board", NULL);
  g_assert_cmpuint (board_problems->len, ==, 0);
  probe_problems = check_translations (header, ".probe", NULL);
  g_assert_cmpuint (probe_problems->len, ==, 2);
}

static GPtrArray *
bundled_paths (void)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const gchar *const subdirs[] = { "boards", "probes" };

  for (gsize s = 0; s < G_N_ELEMENTS (subdirs); s++)
    {
      g_autofree gchar *dir_path = g_build_filename (g_getenv ("BW_DATA_DIR"), subdirs[s], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const gchar *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".board") || g_str_has_suffix (name, ".probe"))
          g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
    }
  g_ptr_array_sort (paths, compare_strings);
  return paths;
}

static const gchar *
suffix_of (const gchar *path)
{
  return g_str_has_suffix (path, ".board") ? ".board" : ".probe";
}

static GKeyFile *
load_with_translations (const gchar *path)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&keyfile);
}

static void
test_bundled_complete (void)
{
  g_autoptr(GPtrArray) paths = bundled_paths ();
  guint n_problems = 0;
  guint n_translated = 0;

  g_assert_cmpuint (paths->len, ==, 22);
  for (guint i = 0; i < paths->len; i++)
    {
      const gchar *path = g_ptr_array_index (paths, i);
      g_autoptr(GKeyFile) keyfile = load_with_translations (path);
      g_autoptr(GPtrArray) problems = check_translations (keyfile, suffix_of (path), &n_translated);

      for (guint p = 0; p < problems->len; p++)
        g_test_message ("%s: %s", path, (const gchar *) g_ptr_array_index (problems, p));
      n_problems += problems->len;
    }
  g_test_message ("%u texts translated in each of de and es", n_translated);
  g_assert_cmpuint (n_problems, ==, 0);
  g_assert_cmpuint (n_translated, >, 22 * 2);
}

static gboolean
load_profile (const gchar *path, GError **error)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();

  return bw_board_db_load_file (db, path, error);
}

/* @path with @key set to @value in @group (NULL: removed), saved under @tmpdir. */
static gchar *
write_variant (const gchar *tmpdir, const gchar *path, const gchar *group,
               const gchar *key, const gchar *value, guint serial)
{
  g_autoptr(GKeyFile) keyfile = load_with_translations (path);
  g_autofree gchar *basename = g_path_get_basename (path);
  g_autofree gchar *name = g_strdup_printf ("v%04u-%s", serial, basename);
  gchar *out = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (value == NULL)
    g_assert_true (g_key_file_remove_key (keyfile, group, key, NULL));
  else
    g_key_file_set_value (keyfile, group, key, value);
  g_assert_true (g_key_file_save_to_file (keyfile, out, &error));
  g_assert_no_error (error);
  return out;
}

static void
assert_rejected (const gchar *path, const gchar *key)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (load_profile (path, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, key));
}

/* The validator takes Key[xx] exactly for the keys this test holds to be
 * translated, in every group of every bundled profile; so Signals[de] or
 * Labels[es] is an error, and this test's list cannot drift from the engine's. */
static void
test_validator_matches (void)
{
  g_autoptr(GPtrArray) paths = bundled_paths ();
  g_autofree gchar *tmpdir = bw_test_make_tmpdir ();
  g_autoptr(GHashTable) accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint serial = 0;
  guint n_expected = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      const gchar *path = g_ptr_array_index (paths, i);
      g_autoptr(GKeyFile) keyfile = load_with_translations (path);
      g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

      for (guint g = 0; groups[g] != NULL; g++)
        {
          g_auto(GStrv) keys = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);

          for (guint k = 0; keys[k] != NULL; k++)
            {
              g_autofree gchar *value = NULL;
              g_autofree gchar *translated = NULL;
              g_autofree gchar *variant = NULL;
              g_autoptr(GError) error = NULL;

              if (strchr (keys[k], '[') != NULL)
                continue;
              value = g_key_file_get_value (keyfile, groups[g], keys[k], NULL);
              translated = g_strdup_printf ("%s[pt_BR]", keys[k]);
              variant = write_variant (tmpdir, path, groups[g], translated, value, serial++);
              if (key_is_localized (suffix_of (path), groups[g], keys[k]))
                {
                  g_assert_true (load_profile (variant, &error));
                  g_assert_no_error (error);
                  g_hash_table_add (accepted, g_strconcat (suffix_of (path), groups[g], "/", keys[k], NULL));
                }
              else
                assert_rejected (variant, translated);
            }
        }
    }
  /* every key the test calls translated was tried at least once */
  for (gsize g = 0; g < G_N_ELEMENTS (localized_groups); g++)
    for (guint k = 0; localized_groups[g].keys[k] != NULL; k++)
      {
        g_autofree gchar *id = g_strconcat (localized_groups[g].suffix, localized_groups[g].group, "/",
                                            localized_groups[g].keys[k], NULL);

        g_assert_true (g_hash_table_contains (accepted, id));
        n_expected++;
      }
  g_assert_cmpuint (g_hash_table_size (accepted), ==, n_expected);
  bw_test_rm_rf (tmpdir);
}

/* Translations are checked whatever the language of the one who loads them. */
static void
test_validator_bad_translations (void)
{
  g_autofree gchar *tmpdir = bw_test_make_tmpdir ();
  g_autofree gchar *board = g_build_filename (g_getenv ("BW_DATA_DIR"), "boards", "vesc-4.12.board", NULL);
  g_autofree gchar *probe = g_build_filename (g_getenv ("BW_DATA_DIR"), "probes", "vesc.probe", NULL);
  g_autofree gchar *empty = write_variant (tmpdir, board, "Board", "Notes[es]", "", 1);
  g_autofree gchar *blank = write_variant (tmpdir, probe, "Probe", "Identify[de]", "   ", 2);
  g_autofree gchar *no_locale = write_variant (tmpdir, board, "Board", "Notes[]", "Hinweise", 3);
  g_autofree gchar *signals = write_variant (tmpdir, board, "Connector", "Signals[de]",
                                             "3V3;SWCLK;GND;SWDIO;NRST;NC;", 4);
  g_autofree gchar *labels = write_variant (tmpdir, probe, "Header", "Labels[es]",
                                            "3.3V;CLK;GND;IO;RST;NC;", 5);
  g_autofree gchar *orphan = write_variant (tmpdir, probe, "Probe", "Notes", NULL, 6);

  assert_rejected (empty, "Notes[es]");
  assert_rejected (blank, "Identify[de]");
  assert_rejected (no_locale, "Notes[]");
  assert_rejected (signals, "Signals[de]");
  assert_rejected (labels, "Labels[es]");
  /* vesc.probe without Notes keeps its Notes[de] and Notes[es] */
  assert_rejected (orphan, "Notes[");
  bw_test_rm_rf (tmpdir);
}

static gchar *
expected_text (GKeyFile *keyfile, const gchar *group, const gchar *key)
{
  g_autofree gchar *name = run_language != NULL ? g_strdup_printf ("%s[%s]", key, run_language) : g_strdup (key);
  gchar *value = g_key_file_get_string (keyfile, group, name, NULL);

  return value != NULL ? g_strstrip (value) : NULL;
}

static void
assert_text (GKeyFile *keyfile, const gchar *group, const gchar *key, const gchar *shown)
{
  g_autofree gchar *expected = expected_text (keyfile, group, key);

  g_assert_cmpstr (shown, ==, expected);
}

/* Through BwBoardDb, as the wizard and the CLI load them. */
static void
test_engine_language (void)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) boards = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  BwBoard *other;
  BwProbeProfile *vesc;

  g_assert_true (bw_board_db_load_dir (db, g_getenv ("BW_DATA_DIR"), &error));
  g_assert_no_error (error);
  boards = bw_board_db_get_boards (db);
  probes = bw_board_db_get_probes (db);
  for (guint i = 0; i < boards->len; i++)
    {
      BwBoard *board = g_ptr_array_index (boards, i);
      g_autoptr(GKeyFile) keyfile = load_with_translations (bw_board_get_path (board));

      assert_text (keyfile, "Board", "Name", bw_board_get_name (board));
      assert_text (keyfile, "Board", "Vendor", bw_board_get_vendor (board));
      assert_text (keyfile, "Board", "Notes", bw_board_get_notes (board));
      assert_text (keyfile, "Board", "DualNote", bw_board_get_dual_note (board));
      assert_text (keyfile, "Board", "PowerNote", bw_board_get_power_note (board));
      assert_text (keyfile, "Board", "BootloaderNote", bw_board_get_bootloader_note (board));
    }
  for (guint i = 0; i < probes->len; i++)
    {
      BwProbeProfile *probe = g_ptr_array_index (probes, i);
      g_autoptr(GKeyFile) keyfile = load_with_translations (bw_probe_profile_get_path (probe));

      assert_text (keyfile, "Probe", "Name", bw_probe_profile_get_name (probe));
      assert_text (keyfile, "Probe", "Identify", bw_probe_profile_get_identify (probe));
      assert_text (keyfile, "Probe", "Notes", bw_probe_profile_get_notes (probe));
      assert_text (keyfile, "Header", "Name", bw_probe_profile_get_header_name (probe));
    }

  other = bw_board_db_find_board (db, "other-stm32f4");
  vesc = bw_board_db_find_probe (db, "vesc");
  g_assert_nonnull (other);
  g_assert_nonnull (vesc);
  if (g_strcmp0 (run_language, "de") == 0)
    {
      g_assert_cmpstr (bw_board_get_name (other), ==, "Anderer STM32F4-ESC");
      g_assert_cmpstr (bw_board_get_vendor (other), ==, "unbekannt");
      g_assert_cmpstr (bw_probe_profile_get_name (vesc), ==, "Ein anderer VESC als Programmer (sein SWD-Anschluss)");
    }
  else if (g_strcmp0 (run_language, "es") == 0)
    {
      g_assert_cmpstr (bw_board_get_name (other), ==, "Otro ESC STM32F4");
      g_assert_cmpstr (bw_board_get_vendor (other), ==, "desconocido");
      g_assert_cmpstr (bw_probe_profile_get_name (vesc), ==, "Otro VESC como programador (su puerto SWD)");
    }
  else
    {
      g_assert_cmpstr (bw_board_get_name (other), ==, "Other STM32F4 ESC");
      g_assert_cmpstr (bw_probe_profile_get_name (vesc), ==, "Another VESC as the programmer (its SWD port)");
    }
  /* technical texts stay as they are in every language */
  g_assert_cmpstr (bw_board_get_pin_label (bw_board_db_find_board (db, "vesc-4.12"), 0), ==, "3.3v");
  g_assert_cmpstr (bw_board_get_mcu (other), ==, "STM32F405/407");
}

int
main (int argc, char **argv)
{
  /* read before anything asks GLib for the user's languages */
  const gchar *language = g_getenv ("LANGUAGE");

  if (language == NULL || *language == '\0' || g_str_equal (language, "en"))
    run_language = NULL;
  else if (g_str_equal (language, "de") || g_str_equal (language, "es"))
    run_language = language;
  else
    g_error ("LANGUAGE=%s: this test knows en, de and es", language);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/profiles/translations/checker", test_checker);
  g_test_add_func ("/profiles/translations/bundled-complete", test_bundled_complete);
  g_test_add_func ("/profiles/translations/validator-matches", test_validator_matches);
  g_test_add_func ("/profiles/translations/validator-bad-translations", test_validator_bad_translations);
  g_test_add_func ("/profiles/translations/engine-language", test_engine_language);
  return g_test_run ();
}
