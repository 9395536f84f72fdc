"""`make bench`: every benchmark, one after the other, printing the README's tables."""

from __future__ import annotations

from bench import bench_chat, bench_faq, bench_foundation

if __name__ == "__main__":
    for name, module in (("Foundation", bench_foundation), ("FAQ", bench_faq), ("Chatbot", bench_chat)):
        print(f"\n### {name}\n")
        module.main()
