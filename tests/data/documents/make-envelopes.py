#!/usr/bin/env python3
"""Builds the GIAMDINHHS envelope fixtures from the inner XML files beside this script.

Run from this directory: ./make-envelopes.py. The signed variants are made with
`claimdesk-cli sign-document` (see README.md)."""
import base64
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def b64(name, wrap=False):
    with open(os.path.join(HERE, name), "rb") as f:
        text = base64.b64encode(f.read()).decode("ascii")
    if wrap:  # some vendors wrap at 76 columns
        text = "\n".join(text[i:i + 76] for i in range(0, len(text), 76))
    return text


def envelope(facility, created, episodes):
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<GIAMDINHHS>",
           "  <THONGTINDONVI>", f"    <MACSKCB>{facility}</MACSKCB>", "  </THONGTINDONVI>",
           "  <THONGTINHOSO>", f"    <NGAYLAP>{created}</NGAYLAP>",
           f"    <SOLUONGHOSO>{len(episodes)}</SOLUONGHOSO>", "    <DANHSACHHOSO>"]
    for files in episodes:
        out.append("      <HOSO>")
        for kind, content in files:
            out += ["        <FILEHOSO>", f"          <LOAIHOSO>{kind}</LOAIHOSO>",
                    f"          <NOIDUNGFILE>{content}</NOIDUNGFILE>", "        </FILEHOSO>"]
        out.append("      </HOSO>")
    out += ["    </DANHSACHHOSO>", "  </THONGTINHOSO>", "  <CHUKYDONVI/>", "</GIAMDINHHS>", ""]
    return "\n".join(out)


xml2 = base64.b64encode("<CHITIEU_CHITIET_THUOC><DSACH_CHI_TIET_THUOC/></CHITIEU_CHITIET_THUOC>"
                        .encode()).decode()
with open(os.path.join(HERE, "envelope-79001.xml"), "w", encoding="utf-8") as f:
    f.write(envelope("79001", "20250315", [
        [("XML1", b64("xml1-sinh-con.xml")), ("XML2", xml2), ("XML7", b64("xml7-giay-ra-vien.xml")),
         ("XML8", b64("xml8-tom-tat-benh-an.xml")), ("XML9", b64("xml9-giay-chung-sinh.xml", True))],
        [("XML10", b64("xml10-nghi-duong-thai.xml"))],
    ]))
with open(os.path.join(HERE, "envelope-01001.xml"), "w", encoding="utf-8") as f:
    f.write(envelope("01001", "20250408", [
        [("XML1", b64("xml1-viem-phoi.xml")), ("XML11", b64("xml11-nghi-viec-bhxh.xml")),
         ("XML13", b64("xml13-giay-chuyen-tuyen.xml"))],
    ]))
