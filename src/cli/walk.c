/* Walking files and folders: sorted, loop-safe, nothing skipped silently. */
#include "cli/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/result.h"

static const char *const image_exts[] = {"jpg",  "jpeg", "png",  "webp", "tif",
                                         "tiff", "heic", "heif", "gif",  "bmp"};

/* The folders on the current path, to see a symbolic link leading back. */
struct dir_id {
    dev_t dev;
    ino_t ino;
};

bool icp_walk_is_image_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    if (!dot)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(image_exts); i++)
        if (g_ascii_strcasecmp(dot + 1, image_exts[i]) == 0)
            return true;
    return false;
}

char *icp_walk_display(const char *path)
{
    char *s = g_utf8_make_valid(path, -1);
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        s[--n] = '\0';
    return s;
}

struct icp_walk *icp_walk_new(bool folders, enum icp_lang lang)
{
    struct icp_walk *walk = g_new0(struct icp_walk, 1);
    walk->items = g_array_new(FALSE, TRUE, sizeof(struct icp_item));
    walk->folders = folders;
    walk->lang = lang;
    return walk;
}

void icp_walk_free(struct icp_walk *walk)
{
    if (!walk)
        return;
    for (guint i = 0; i < walk->items->len; i++) {
        struct icp_item *it = &g_array_index(walk->items, struct icp_item, i);
        g_free(it->path);
        g_free(it->display);
        icp_result_free(it->result);
        icp_result_free(it->task.result);
    }
    g_array_free(walk->items, TRUE);
    g_free(walk);
}

/* Appends an item; takes ownership of `display`. The returned pointer is
 * owned by the walk and valid until the next push. */
static struct icp_item *push(struct icp_walk *walk, enum icp_item_kind kind,
                             const char *path, char *display)
{
    struct icp_item it = {
        .kind = kind, .path = g_strdup(path), .display = display};
    g_array_append_val(walk->items, it);
    if (kind != ICP_ITEM_APPLICATION)
        walk->records++;
    return &g_array_index(walk->items, struct icp_item, walk->items->len - 1);
}

static void add_file(struct icp_walk *walk, const char *path, char *display)
{
    push(walk, ICP_ITEM_FILE, path, display);
}

/* A record for an entry the walk cannot hand to the checker; takes
 * ownership of `display`. The result is owned by the walk. */
static struct icp_result *add_record(struct icp_walk *walk, const char *path,
                                     char *display)
{
    struct icp_item *it = push(walk, ICP_ITEM_RESULT, path, display);
    it->result = icp_result_new(display, walk->lang);
    return it->result;
}

static void add_unreadable(struct icp_walk *walk, const char *path,
                           char *display, bool folder, int err)
{
    struct icp_result *res = add_record(walk, path, display);
    if (folder)
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "无法读取文件夹：%s", "cannot read the folder: %s",
                       g_strerror(err));
    else
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "无法读取：%s", "cannot read this entry: %s",
                       g_strerror(err));
}

static void add_loop(struct icp_walk *walk, const char *path, char *display)
{
    fprintf(stderr, "icpcheck: '%s': symbolic link loop, not followed\n",
            display);
    struct icp_result *res = add_record(walk, path, display);
    icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                   "符号链接指回上层文件夹（循环），未检查",
                   "a symbolic link leads back to a folder above it (a "
                   "loop): not checked");
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool on_stack(GArray *stack, const struct stat *st)
{
    for (guint i = 0; i < stack->len; i++) {
        struct dir_id *d = &g_array_index(stack, struct dir_id, i);
        if (d->dev == st->st_dev && d->ino == st->st_ino)
            return true;
    }
    return false;
}

/* The names in `dir`, sorted bytewise; NULL with errno set on failure.
 * Caller frees with g_ptr_array_free(names, TRUE). */
static GPtrArray *read_names(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            g_ptr_array_add(names, g_strdup(e->d_name));
    closedir(d);
    g_ptr_array_sort(names, by_name);
    return names;
}

static void walk_dir(struct icp_walk *walk, const char *path,
                     const char *display, GArray *stack);

/* Files of one folder (its application), in order; folders collected into
 * `subdirs` for later. */
static void walk_entry(struct icp_walk *walk, const char *dir,
                       const char *dir_display, const char *name, GArray *stack,
                       GPtrArray *subdirs)
{
    char *path = g_build_filename(dir, name, NULL);
    char *shown = g_utf8_make_valid(name, -1);
    char *display = g_build_filename(dir_display, shown, NULL);
    g_free(shown);
    struct stat st;
    if (name[0] == '.') {
        walk->skipped++;
        g_free(display);
    } else if (stat(path, &st) != 0) {
        add_unreadable(walk, path, display, false, errno);
    } else if (S_ISDIR(st.st_mode) && on_stack(stack, &st)) {
        add_loop(walk, path, display);
    } else if (S_ISDIR(st.st_mode)) {
        g_ptr_array_add(subdirs, g_strdup(name));
        g_free(display);
    } else if (icp_walk_is_image_name(name)) {
        add_file(walk, path, display);
    } else {
        walk->skipped++;
        g_free(display);
    }
    g_free(path);
}

static void walk_subdirs(struct icp_walk *walk, const char *path,
                         const char *display, GPtrArray *subdirs, GArray *stack)
{
    for (guint i = 0; i < subdirs->len; i++) {
        const char *name = g_ptr_array_index(subdirs, i);
        char *sub = g_build_filename(path, name, NULL);
        char *shown = g_utf8_make_valid(name, -1);
        char *sub_display = g_build_filename(display, shown, NULL);
        walk_dir(walk, sub, sub_display, stack);
        g_free(sub_display);
        g_free(shown);
        g_free(sub);
    }
}

static void walk_dir(struct icp_walk *walk, const char *path,
                     const char *display, GArray *stack)
{
    struct stat st;
    GPtrArray *names = NULL;
    if (stat(path, &st) != 0 || !(names = read_names(path))) {
        int err = errno;
        fprintf(stderr, "icpcheck: cannot read folder '%s': %s\n", display,
                g_strerror(err));
        add_unreadable(walk, path, g_strdup(display), true, err);
        return;
    }
    struct dir_id id = {st.st_dev, st.st_ino};
    g_array_append_val(stack, id);
    GPtrArray *subdirs = g_ptr_array_new_with_free_func(g_free);
    size_t first = walk->items->len;
    for (guint i = 0; i < names->len; i++)
        walk_entry(walk, path, display, g_ptr_array_index(names, i), stack,
                   subdirs);
    size_t count = walk->items->len - first;
    /* A folder holding materials is one application, after its files. */
    if (count > 0) {
        struct icp_item *app =
            push(walk, ICP_ITEM_APPLICATION, path, g_strdup(display));
        app->first = first;
        app->count = count;
    }
    walk_subdirs(walk, path, display, subdirs, stack);
    g_ptr_array_free(subdirs, TRUE);
    g_ptr_array_free(names, TRUE);
    g_array_set_size(stack, stack->len - 1);
}

void icp_walk_add(struct icp_walk *walk, const char *path)
{
    struct stat st;
    char *display = icp_walk_display(path);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        /* Named files are always checked, whatever their name: the checker
         * says what is wrong with them (missing, empty, not an image). */
        add_file(walk, path, display);
        return;
    }
    if (!walk->folders) {
        struct icp_result *res = add_record(walk, path, display);
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "这是文件夹，请用 icpcheck scan 检查文件夹",
                       "this is a folder: use 'icpcheck scan' for folders");
        return;
    }
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct dir_id));
    walk_dir(walk, path, display, stack);
    g_array_free(stack, TRUE);
    g_free(display);
}

/* A list longer than this is not a list of paths (/dev/zero, a wrong file):
 * refuse it rather than read without bound. 10 million paths of 100 bytes
 * fit. */
#define LIST_MAX_BYTES (1LL << 30)

/* Reads all of `list` ("-" = stdin), NUL-terminated, at most
 * LIST_MAX_BYTES. Caller g_free()s. */
static char *read_list(const char *list, size_t *len_out, char **err_out)
{
    bool is_stdin = strcmp(list, "-") == 0;
    const char *name = is_stdin ? "standard input" : list;
    FILE *f = is_stdin ? stdin : fopen(list, "rb");
    if (!f) {
        *err_out = g_strdup_printf("cannot read --files-from '%s': %s", name,
                                   g_strerror(errno));
        return NULL;
    }
    GString *s = g_string_new(NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 &&
           (long long)s->len <= LIST_MAX_BYTES)
        g_string_append_len(s, buf, (gssize)n);
    if (ferror(f))
        *err_out = g_strdup_printf("cannot read --files-from '%s': %s", name,
                                   g_strerror(errno));
    else if ((long long)s->len > LIST_MAX_BYTES)
        *err_out = g_strdup_printf("--files-from '%s' is longer than %lld "
                                   "bytes: not a list of paths",
                                   name, LIST_MAX_BYTES);
    if (!is_stdin)
        fclose(f);
    if (*err_out) {
        g_string_free(s, TRUE);
        return NULL;
    }
    *len_out = s->len;
    return g_string_free(s, FALSE);
}

char *icp_walk_next_line(char **cursor, char *end)
{
    while (*cursor < end) {
        char *line = *cursor;
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *stop = nl ? nl : end;
        *cursor = nl ? nl + 1 : end;
        if (stop > line && stop[-1] == '\r')
            stop--;
        /* The last line may run to `end`, which holds the terminator. */
        *stop = '\0';
        /* A line of nothing but blanks names no file; a NUL ends a name. */
        if (line[strspn(line, " \t")] != '\0')
            return line;
    }
    return NULL;
}

int icp_walk_add_list(struct icp_walk *walk, const char *list, char **err_out)
{
    *err_out = NULL;
    size_t len = 0;
    char *text = read_list(list, &len, err_out);
    if (!text)
        return -1;
    char *cursor = text, *line;
    while ((line = icp_walk_next_line(&cursor, text + len)))
        icp_walk_add(walk, line);
    g_free(text);
    return 0;
}
