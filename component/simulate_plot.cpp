// `switchboard simulate --plot OUT.png`: the chats waiting and the mean wait over the day,
// one line per mode. libpng writes the file; the drawing (lines, a 5x7 font) is here.

#include "component/simulate_plot.hpp"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace component {

namespace {

using Color = std::array<std::uint8_t, 3>;

constexpr Color kWhite{255, 255, 255};
constexpr Color kInk{40, 40, 40};
constexpr Color kGrid{225, 225, 225};
// One per mode, in the order of the runs (colour-blind safe: Okabe and Ito's palette).
constexpr std::array<Color, 5> kLines{
    {{0, 114, 178}, {230, 159, 0}, {0, 158, 115}, {204, 121, 167}, {86, 180, 233}}};

// Rows of 5 pixels, top first, for the characters the plot writes.
struct Glyph {
    char c;
    std::array<std::uint8_t, 7> rows;
};
constexpr Glyph kFont[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}},
    {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}},
    {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}},
    {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}},
    {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}},
    {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'a', {0x00, 0x00, 0x0E, 0x01, 0x0F, 0x11, 0x0F}},
    {'b', {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x1E}},
    {'c', {0x00, 0x00, 0x0E, 0x10, 0x10, 0x11, 0x0E}},
    {'d', {0x01, 0x01, 0x0D, 0x13, 0x11, 0x11, 0x0F}},
    {'e', {0x00, 0x00, 0x0E, 0x11, 0x1F, 0x10, 0x0E}},
    {'f', {0x06, 0x09, 0x08, 0x1C, 0x08, 0x08, 0x08}},
    {'g', {0x00, 0x0F, 0x11, 0x11, 0x0F, 0x01, 0x0E}},
    {'h', {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11}},
    {'i', {0x04, 0x00, 0x0C, 0x04, 0x04, 0x04, 0x0E}},
    {'j', {0x02, 0x00, 0x06, 0x02, 0x02, 0x12, 0x0C}},
    {'k', {0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12}},
    {'l', {0x0C, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'m', {0x00, 0x00, 0x1A, 0x15, 0x15, 0x11, 0x11}},
    {'n', {0x00, 0x00, 0x16, 0x19, 0x11, 0x11, 0x11}},
    {'o', {0x00, 0x00, 0x0E, 0x11, 0x11, 0x11, 0x0E}},
    {'p', {0x00, 0x00, 0x1E, 0x11, 0x1E, 0x10, 0x10}},
    {'q', {0x00, 0x00, 0x0D, 0x13, 0x0F, 0x01, 0x01}},
    {'r', {0x00, 0x00, 0x16, 0x19, 0x10, 0x10, 0x10}},
    {'s', {0x00, 0x00, 0x0E, 0x10, 0x0E, 0x01, 0x1E}},
    {'t', {0x08, 0x08, 0x1C, 0x08, 0x08, 0x09, 0x06}},
    {'u', {0x00, 0x00, 0x11, 0x11, 0x11, 0x13, 0x0D}},
    {'v', {0x00, 0x00, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'w', {0x00, 0x00, 0x11, 0x11, 0x15, 0x15, 0x0A}},
    {'x', {0x00, 0x00, 0x11, 0x0A, 0x04, 0x0A, 0x11}},
    {'y', {0x00, 0x00, 0x11, 0x11, 0x0F, 0x01, 0x0E}},
    {'z', {0x00, 0x00, 0x1F, 0x02, 0x04, 0x08, 0x1F}},
    {'_', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}},
    {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}},
    {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}},
    {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}},
};

class Canvas {
  public:
    Canvas(int width, int height)
        : width_(width), height_(height), rgb_(static_cast<std::size_t>(width * height) * 3, 255) {}

    void dot(int x, int y, Color c) {
        if (x < 0 || y < 0 || x >= width_ || y >= height_) {
            return;
        }
        const auto at = (static_cast<std::size_t>(y) * width_ + x) * 3;
        std::copy(c.begin(), c.end(), rgb_.begin() + static_cast<std::ptrdiff_t>(at));
    }

    // Bresenham, `thick` pixels wide (downwards).
    void line(int x0, int y0, int x1, int y1, Color c, int thick = 1) {
        const int dx = std::abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        const int dy = -std::abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        for (int err = dx + dy;;) {
            for (int t = 0; t < thick; ++t) {
                dot(x0, y0 + t, c);
            }
            if (x0 == x1 && y0 == y1) {
                return;
            }
            const int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    // Text at (x, y) (its top left), 2 pixels per font pixel; returns the width drawn.
    int text(int x, int y, std::string_view s, Color c) {
        const int start = x;
        for (const char ch : s) {
            const auto* g = std::find_if(std::begin(kFont), std::end(kFont),
                                         [ch](const Glyph& f) { return f.c == ch; });
            if (g != std::end(kFont)) {
                for (int row = 0; row < 7; ++row) {
                    for (int col = 0; col < 5; ++col) {
                        if ((g->rows[static_cast<std::size_t>(row)] >> (4 - col)) & 1) {
                            for (int k = 0; k < 4; ++k) {
                                dot(x + col * 2 + k % 2, y + row * 2 + k / 2, c);
                            }
                        }
                    }
                }
            }
            x += 12;
        }
        return x - start;
    }

    bool write(const std::string& path, std::string& error) const {
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"),
                                                             &std::fclose);
        if (!file) {
            error = "cannot write " + path;
            return false;
        }
        png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
        png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
        if (info == nullptr || setjmp(png_jmpbuf(png))) {
            png_destroy_write_struct(&png, &info);
            error = "cannot write " + path + " as PNG";
            return false;
        }
        png_init_io(png, file.get());
        png_set_IHDR(png, info, static_cast<png_uint_32>(width_), static_cast<png_uint_32>(height_),
                     8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (int y = 0; y < height_; ++y) {
            png_write_row(png, rgb_.data() + static_cast<std::size_t>(y) * width_ * 3);
        }
        png_write_end(png, nullptr);
        png_destroy_write_struct(&png, &info);
        if (std::fflush(file.get()) != 0) {
            error = "cannot write " + path;
            return false;
        }
        return true;
    }

  private:
    int width_;
    int height_;
    std::vector<std::uint8_t> rgb_;
};

// One panel: `values(run, i)` for sample i (every Figures::kSample) of each run.
template <typename Values>
void panel(Canvas& c, int top, int height, const std::string& title,
           const std::vector<routing::simulation::Figures>& runs, Values values,
           std::size_t samples) {
    constexpr int left = 90, right = 940;
    double most = 1;
    for (const auto& f : runs) {
        for (std::size_t i = 0; i < samples; ++i) {
            most = std::max(most, values(f, i));
        }
    }
    // A round top: 1, 2 or 5 times a power of ten.
    const double power = std::pow(10, std::floor(std::log10(most)));
    const double top_value = most <= power       ? power
                             : most <= 2 * power ? 2 * power
                             : most <= 5 * power ? 5 * power
                                                 : 10 * power;
    const int bottom = top + height;
    for (int k = 0; k <= 4; ++k) {
        const int y = bottom - k * height / 4;
        c.line(left, y, right, y, kGrid);
        char label[32];
        std::snprintf(label, sizeof label, "%g", top_value * k / 4);
        c.text(left - 10 - 12 * static_cast<int>(std::string(label).size()), y - 7, label, kInk);
    }
    for (int hour = 0; hour <= 24; hour += 3) {
        const int x = left + (right - left) * hour / 24;
        c.line(x, top, x, bottom, kGrid);
        const std::string label = std::to_string(hour) + "h";
        c.text(x - 6 * static_cast<int>(label.size()), bottom + 8, label, kInk);
    }
    c.line(left, bottom, right, bottom, kInk);
    c.line(left, top, left, bottom, kInk);
    c.text(left, top - 24, title, kInk);
    const double per_sample =
        static_cast<double>(routing::simulation::Figures::kSample.count()) / (24 * 3600 * 1000.0);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        int px = -1, py = -1;
        for (std::size_t i = 0; i < samples; ++i) {
            const int x = left + static_cast<int>((right - left) * per_sample * i);
            if (x > right) {
                break;
            }
            const int y = bottom - static_cast<int>(height * values(runs[r], i) / top_value);
            if (px >= 0) {
                c.line(px, py, x, y, kLines[r % kLines.size()], 2);
            }
            px = x;
            py = y;
        }
    }
}

}  // namespace

bool write_plot(const std::string& path, const std::vector<routing::simulation::Figures>& runs,
                std::string& error) {
    Canvas c(960, 700);
    // The legend: a line of each mode's colour and its name.
    int x = 90;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const Color color = kLines[r % kLines.size()];
        for (int t = 0; t < 4; ++t) {
            c.line(x, 24 + t, x + 30, 24 + t, color);
        }
        x += 40 + c.text(x + 40, 18, runs[r].label, kInk) + 30;
    }
    std::size_t samples = 0;
    for (const auto& f : runs) {
        samples = std::max({samples, f.queue.size(), f.wait_by_time.size()});
    }
    panel(
        c, 90, 230, "chats waiting", runs,
        [](const routing::simulation::Figures& f, std::size_t i) {
            return i < f.queue.size() ? static_cast<double>(f.queue[i]) : 0.0;
        },
        samples);
    panel(
        c, 420, 230, "mean wait (s) of the chats an agent got", runs,
        [](const routing::simulation::Figures& f, std::size_t i) {
            return i < f.wait_by_time.size()
                       ? std::chrono::duration<double>(f.wait_by_time[i]).count()
                       : 0.0;
        },
        samples);
    return c.write(path, error);
}

}  // namespace component
