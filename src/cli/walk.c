/* Walking files and folders lazily: sorted, loop-safe, nothing skipped
 * silently, one folder listing per level of depth in memory. */
#include "cli/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/result.h"
#include "core/util.h"

static const char *const image_exts[] = {"jpg",  "jpeg", "png",  "webp", "tif",
                                         "tiff", "heic", "heif", "gif",  "bmp"};

/* One folder being walked: first its files (then its application record),
 * then its subfolders. */
struct frame {
    char *path, *display;
    dev_t dev;
    ino_t ino;
    GPtrArray *names; /* sorted entry names */
    guint next;
    GPtrArray *subdirs;
    guint next_sub;
    bool files_done;
    bool in_shard;
    long records; /* file records of this folder handed out */
};

struct icp_walk {
    GQueue roots;   /* char *: paths named on the command line */
    FILE *list;     /* --files-from, read as the walk goes, or NULL */
    bool list_owned, list_failed;
    char *line;     /* LIST_LINE_MAX bytes once a list is read */
    GPtrArray *frames;   /* struct frame *, outermost first */
    GQueue pending;      /* struct icp_item * made ahead */
    long skipped;
    enum icp_lang lang;
    bool folders; /* scan: walk folders; check: files only */
    unsigned shard_index, shard_count;
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

unsigned icp_walk_shard_of(const char *display, unsigned count)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)display; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return count ? (unsigned)(h % count) : 0;
}

static void frame_free(gpointer data)
{
    struct frame *f = data;
    g_free(f->path);
    g_free(f->display);
    if (f->names)
        g_ptr_array_free(f->names, TRUE);
    if (f->subdirs)
        g_ptr_array_free(f->subdirs, TRUE);
    g_free(f);
}

struct icp_walk *icp_walk_new(bool folders, enum icp_lang lang)
{
    struct icp_walk *walk = g_new0(struct icp_walk, 1);
    g_queue_init(&walk->roots);
    g_queue_init(&walk->pending);
    walk->frames = g_ptr_array_new_with_free_func(frame_free);
    walk->folders = folders;
    walk->lang = lang;
    return walk;
}

void icp_walk_item_free(struct icp_item *it)
{
    if (!it)
        return;
    g_free(it->path);
    g_free(it->display);
    icp_result_free(it->result);
    icp_result_free(it->task.result);
    g_free(it->task.thumb);
    g_free(it);
}

void icp_walk_free(struct icp_walk *walk)
{
    if (!walk)
        return;
    g_queue_clear_full(&walk->roots, g_free);
    g_queue_clear_full(&walk->pending, (GDestroyNotify)icp_walk_item_free);
    g_ptr_array_free(walk->frames, TRUE);
    if (walk->list && walk->list_owned)
        fclose(walk->list);
    free(walk->line);
    g_free(walk);
}

void icp_walk_set_shard(struct icp_walk *walk, unsigned index, unsigned count)
{
    walk->shard_index = index;
    walk->shard_count = count;
}

static bool in_shard(const struct icp_walk *walk, const char *display)
{
    return walk->shard_count <= 1 ||
           icp_walk_shard_of(display, walk->shard_count) == walk->shard_index;
}

long icp_walk_skipped(const struct icp_walk *walk)
{
    return walk->skipped;
}

bool icp_walk_list_failed(const struct icp_walk *walk)
{
    return walk->list_failed;
}

/* A new item; takes ownership of `display`. Caller frees with
 * icp_walk_item_free(). */
static struct icp_item *item_new(enum icp_item_kind kind, const char *path,
                                 char *display)
{
    struct icp_item *it = g_new0(struct icp_item, 1);
    it->kind = kind;
    it->path = g_strdup(path);
    it->display = display;
    return it;
}

static struct icp_item *file_item(const char *path, char *display,
                                  const struct stat *st)
{
    struct icp_item *it = item_new(ICP_ITEM_FILE, path, display);
    if (st) {
        it->has_stat = true;
        it->size = (long long)st->st_size;
        it->mtime = (long long)st->st_mtime;
    }
    return it;
}

/* A record for an entry the walk cannot hand to the checker; takes
 * ownership of `display`. */
static struct icp_item *record_item(struct icp_walk *walk, const char *path,
                                    char *display)
{
    struct icp_item *it = item_new(ICP_ITEM_RESULT, path, display);
    it->result = icp_result_new(display, walk->lang);
    return it;
}

static struct icp_item *unreadable_item(struct icp_walk *walk,
                                        const char *path, char *display,
                                        bool folder, int err)
{
    struct icp_item *it = record_item(walk, path, display);
    if (folder)
        icp_result_add(it->result, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "无法读取文件夹：%s", "cannot read the folder: %s",
                       g_strerror(err));
    else
        icp_result_add(it->result, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "无法读取：%s", "cannot read this entry: %s",
                       g_strerror(err));
    return it;
}

static struct icp_item *loop_item(struct icp_walk *walk, const char *path,
                                  char *display)
{
    fprintf(stderr, "icpcheck: '%s': symbolic link loop, not followed\n",
            display);
    struct icp_item *it = record_item(walk, path, display);
    icp_result_add(it->result, "input.unreadable", ICP_SEV_ERROR, NULL,
                   "符号链接指回上层文件夹（循环），未检查",
                   "a symbolic link leads back to a folder above it (a "
                   "loop): not checked");
    return it;
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool on_stack(const struct icp_walk *walk, const struct stat *st)
{
    for (guint i = 0; i < walk->frames->len; i++) {
        const struct frame *f = g_ptr_array_index(walk->frames, i);
        if (f->dev == st->st_dev && f->ino == st->st_ino)
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

/* Enters a folder: pushes its frame, or returns a record saying why it
 * cannot be read. */
static struct icp_item *enter(struct icp_walk *walk, const char *path,
                              const char *display)
{
    struct stat st;
    GPtrArray *names = NULL;
    if (stat(path, &st) != 0 || !(names = read_names(path))) {
        int err = errno;
        fprintf(stderr, "icpcheck: cannot read folder '%s': %s\n", display,
                g_strerror(err));
        struct icp_item *it =
            unreadable_item(walk, path, g_strdup(display), true, err);
        if (!in_shard(walk, display)) {
            icp_walk_item_free(it);
            return NULL;
        }
        return it;
    }
    struct frame *f = g_new0(struct frame, 1);
    f->path = g_strdup(path);
    f->display = g_strdup(display);
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->names = names;
    f->subdirs = g_ptr_array_new_with_free_func(g_free);
    f->in_shard = in_shard(walk, display);
    g_ptr_array_add(walk->frames, f);
    return NULL;
}

/* One entry of a folder's listing: an item to hand out, or NULL when it is
 * skipped or is a subfolder (kept for later). */
static struct icp_item *entry(struct icp_walk *walk, struct frame *f,
                              const char *name)
{
    if (name[0] == '.') {
        walk->skipped++;
        return NULL;
    }
    char *path = g_build_filename(f->path, name, NULL);
    struct icp_item *it = NULL;
    struct stat st;
    bool image = icp_walk_is_image_name(name);
    if (stat(path, &st) != 0) {
        int err = errno;
        if (f->in_shard) {
            char *shown = g_utf8_make_valid(name, -1);
            it = unreadable_item(walk, path,
                                 g_build_filename(f->display, shown, NULL),
                                 false, err);
            g_free(shown);
        }
    } else if (S_ISDIR(st.st_mode) && on_stack(walk, &st)) {
        if (f->in_shard) {
            char *shown = g_utf8_make_valid(name, -1);
            it = loop_item(walk, path,
                           g_build_filename(f->display, shown, NULL));
            g_free(shown);
        }
    } else if (S_ISDIR(st.st_mode)) {
        g_ptr_array_add(f->subdirs, g_strdup(name));
    } else if (!image) {
        walk->skipped += f->in_shard;
    } else if (f->in_shard) {
        char *shown = g_utf8_make_valid(name, -1);
        it = file_item(path, g_build_filename(f->display, shown, NULL), &st);
        g_free(shown);
    }
    g_free(path);
    if (it) {
        it->in_app = true;
        f->records++;
    }
    return it;
}

/* Steps the innermost folder once: an item, or NULL after an internal
 * step (the caller loops). */
static struct icp_item *step_frame(struct icp_walk *walk, struct frame *f)
{
    if (!f->files_done) {
        if (f->next < f->names->len)
            return entry(walk, f,
                         g_ptr_array_index(f->names, f->next++));
        f->files_done = true;
        g_ptr_array_free(f->names, TRUE);
        f->names = NULL;
        /* A folder holding materials is one application, after its
         * files. */
        if (f->records > 0)
            return item_new(ICP_ITEM_APPLICATION, f->path,
                            g_strdup(f->display));
        return NULL;
    }
    if (f->next_sub < f->subdirs->len) {
        const char *name = g_ptr_array_index(f->subdirs, f->next_sub++);
        char *sub = g_build_filename(f->path, name, NULL);
        char *shown = g_utf8_make_valid(name, -1);
        char *sub_display = g_build_filename(f->display, shown, NULL);
        struct icp_item *it = enter(walk, sub, sub_display);
        g_free(sub_display);
        g_free(shown);
        g_free(sub);
        return it;
    }
    g_ptr_array_remove_index(walk->frames, walk->frames->len - 1);
    return NULL;
}

/* A path named by the user: a file item, a record, or a folder entered. */
static struct icp_item *root(struct icp_walk *walk, const char *path)
{
    struct stat st;
    char *display = icp_walk_display(path);
    bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (!is_dir) {
        if (!in_shard(walk, display)) {
            g_free(display);
            return NULL;
        }
        /* Named files are always checked, whatever their name: the checker
         * says what is wrong with them (missing, empty, not an image). */
        return file_item(path, display, stat(path, &st) == 0 ? &st : NULL);
    }
    if (!walk->folders) {
        if (!in_shard(walk, display)) {
            g_free(display);
            return NULL;
        }
        struct icp_item *it = record_item(walk, path, display);
        icp_result_add(it->result, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "这是文件夹，请用 icpcheck scan 检查文件夹",
                       "this is a folder: use 'icpcheck scan' for folders");
        return it;
    }
    struct icp_item *it = enter(walk, path, display);
    g_free(display);
    return it;
}

/* The next line of the list naming a file, or NULL at its end. Owned by
 * the walk until the next call. */
/* A path longer than this is not a path (/dev/zero, a binary file named
 * by mistake): the list is refused there rather than read without bound. */
#define LIST_LINE_MAX 65536

int icp_walk_read_line(FILE *f, char *buf, size_t cap)
{
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (c == '\0' || n + 1 >= cap)
            return -1;
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0)
        return 0;
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return 1;
}

static void end_list(struct icp_walk *walk)
{
    if (walk->list_owned)
        fclose(walk->list);
    walk->list = NULL;
}

static const char *next_line(struct icp_walk *walk)
{
    if (walk->list && !walk->line)
        walk->line = xmalloc(LIST_LINE_MAX);
    while (walk->list) {
        errno = 0;
        int rc = icp_walk_read_line(walk->list, walk->line, LIST_LINE_MAX);
        if (rc < 0) {
            fprintf(stderr, "icpcheck: the list of paths holds a NUL byte or "
                            "a line longer than %d bytes: not a list of "
                            "paths\n",
                    LIST_LINE_MAX);
            walk->list_failed = true;
        } else if (rc == 0 && ferror(walk->list)) {
            fprintf(stderr, "icpcheck: cannot read the list of paths: %s\n",
                    g_strerror(errno));
            walk->list_failed = true;
        }
        if (rc <= 0) {
            end_list(walk);
            return NULL;
        }
        /* A line of nothing but blanks names no file. */
        if (walk->line[strspn(walk->line, " \t")] != '\0')
            return walk->line;
    }
    return NULL;
}

struct icp_item *icp_walk_next(struct icp_walk *walk)
{
    for (;;) {
        if (!g_queue_is_empty(&walk->pending))
            return g_queue_pop_head(&walk->pending);
        struct icp_item *it = NULL;
        if (walk->frames->len > 0) {
            it = step_frame(walk, g_ptr_array_index(walk->frames,
                                                    walk->frames->len - 1));
        } else if (!g_queue_is_empty(&walk->roots)) {
            char *path = g_queue_pop_head(&walk->roots);
            it = root(walk, path);
            g_free(path);
        } else {
            const char *line = next_line(walk);
            if (!line)
                return NULL;
            it = root(walk, line);
        }
        if (it)
            return it;
    }
}

void icp_walk_add(struct icp_walk *walk, const char *path)
{
    g_queue_push_tail(&walk->roots, g_strdup(path));
}

int icp_walk_add_list(struct icp_walk *walk, const char *list, char **err_out)
{
    *err_out = NULL;
    if (strcmp(list, "-") == 0) {
        walk->list = stdin;
        walk->list_owned = false;
        return 0;
    }
    walk->list = fopen(list, "r");
    if (!walk->list) {
        *err_out = g_strdup_printf("cannot read --files-from '%s': %s", list,
                                   g_strerror(errno));
        return -1;
    }
    walk->list_owned = true;
    return 0;
}

/* Counts images under `path` (a folder) the way the walk would. */
static long count_dir(const char *path, const char *display,
                      unsigned shard_index, unsigned shard_count, int depth,
                      const gint *cancel)
{
    if (depth > 64 || g_atomic_int_get(cancel))
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    bool mine = shard_count <= 1 ||
                icp_walk_shard_of(display, shard_count) == shard_index;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && !g_atomic_int_get(cancel)) {
        if (e->d_name[0] == '.')
            continue;
        bool dir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
            char *p = g_build_filename(path, e->d_name, NULL);
            struct stat st;
            dir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
            g_free(p);
        }
        if (dir) {
            char *p = g_build_filename(path, e->d_name, NULL);
            char *shown = g_utf8_make_valid(e->d_name, -1);
            char *disp = g_build_filename(display, shown, NULL);
            n += count_dir(p, disp, shard_index, shard_count, depth + 1,
                           cancel);
            g_free(disp);
            g_free(shown);
            g_free(p);
        } else if (mine && icp_walk_is_image_name(e->d_name)) {
            n++;
        }
    }
    closedir(d);
    return n;
}

long icp_walk_count(const char *path, bool folders, unsigned shard_index,
                    unsigned shard_count, const gint *cancel)
{
    struct stat st;
    char *display = icp_walk_display(path);
    long n;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        n = folders ? count_dir(path, display, shard_index, shard_count, 0,
                                cancel)
                    : 1;
    else
        n = shard_count <= 1 ||
            icp_walk_shard_of(display, shard_count) == shard_index;
    g_free(display);
    return n;
}
