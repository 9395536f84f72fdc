"""`make bench`: every benchmark, one after the other, printing the README's tables."""

from __future__ import annotations

from bench import bench_applications, bench_careers, bench_chat, bench_faq, bench_foundation, bench_offers, bench_portal

if __name__ == "__main__":
    for name, module in (("Foundation", bench_foundation), ("FAQ", bench_faq), ("Chatbot", bench_chat),
                         ("Portal and mail dispatch", bench_portal), ("Applications", bench_applications),
                         ("Career pass", bench_careers), ("Offers", bench_offers)):
        print(f"\n### {name}\n")
        module.main()
