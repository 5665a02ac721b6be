#!/bin/bash
# Captures the console transcripts quoted in docs/huong-dan-su-dung.md, one file per scene, in a
# fresh folder (its own ./data/chibo.db with the demo data): bash docs/capture-transcripts.sh [DIR]
# Invite codes, dates and the reminders that fall due depend on the day it runs (the guide's were
# taken on 30/11/2026, the last working day of the month, when the demo's "Chi bộ Trạm Y tế xã"
# meets: that is the on-the-day reminder of 09-reminder.txt). Takes a few minutes.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CHIBO=$ROOT/.venv/bin/chibo
D=${1:-/tmp/chibo-transcripts}; rm -rf "$D"; mkdir -p "$D/out"; cd "$D" || exit 1
say() { printf "$2" | $CHIBO chat --user "$1" 2>/dev/null; }
printf '/thoat\n' | $CHIBO run > out/01-tryout.txt 2>/dev/null
S=$(sed -n 's/.*:user lan .*\/start \([0-9A-Z]*\).*/\1/p' out/01-tryout.txt)
O=$(sed -n 's/.*:user binh .*\/start \([0-9A-Z]*\).*/\1/p' out/01-tryout.txt)
# secretary of Thôn 1 joins (Telegram style /start CODE), help, schedule
say lan "/start $S\n/lich\n" > out/02-join-lich.txt
# Zalo style: the code alone as first message
M=$($CHIBO invite --role secretary --scope "Chi bộ Thôn 2" | tee out/03-invite-cli.txt | sed -n 's/^Mã mời: //p')
say mai "xin chào\n$M\n" > out/04-join-code-alone.txt
# numbered report with wrong answers
say lan "/baocao\n2\n19\n16\n0\nđồng chí Hùng\n1\n5\n1\n1\n" > out/05-report-numbered.txt
# one-line report
say mai "/baocao 20/22 vcl 2 ct khong nq co xl kha\n1\n1\n" > out/06-report-oneline.txt
# other cells report so the summary has content
for cell in "Chi bộ Thôn 3:tuan:/baocao 15/15 ct co nq co xl tot" "Chi bộ Công an xã:son:/baocao hop 02/11, cm 10/11, vkl 1, nq co, xl kha"; do
  name=${cell%%:*}; rest=${cell#*:}; user=${rest%%:*}; line=${rest#*:}
  c=$($CHIBO invite --role secretary --scope "$name" | sed -n 's/^Mã mời: //p')
  say $user "/start $c\n$line\n1\n1\n" > out/07-report-$user.txt
done
# reminder answered with 1 (Trạm Y tế xã meets on the last working day)
H=$($CHIBO invite --role secretary --scope "Chi bộ Trạm Y tế xã" | sed -n 's/^Mã mời: //p')
say hoa "/start $H\n" > out/08-join-hoa.txt
(sleep 20) | $CHIBO chat --user hoa > out/09-reminder.txt 2>/dev/null
say hoa "1\n1\n2\n1\n2\n1\n" > out/10-reminder-answer.txt
# topic session
say hoa "/baocao\n1\n1\n25/11\nHọc tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\nđủ\n2\n2\n1\n1\n" > out/11-topic.txt
# figures, edits, schedule change, link
say lan "/solieu\n1\n1\n0\n0\n0\n0\n0\n3\n1850000\n1\n" > out/12-solieu.txt
say mai "/sua\n2\n5\n21\n1\n" > out/13-sua.txt
say lan "/doilich\n5/12 19:30\ntrùng lễ hội thôn\n" > out/14-doilich.txt
say lan "/lienket\n" > out/15-lienket.txt
# plan questions
say lan "/kehoach\nmỗi năm kết nạp bao nhiêu đảng viên\n1\nnhiệm vụ của ủy ban kiểm tra\n/viectoi\n" > out/16-plans.txt
# officer
say binh "/start $O\n/tonghop\n" > out/17-officer-tonghop.txt
say binh "/huy\n/tonghop quý 4\n" > out/18-tonghop-quy.txt
say binh "/huy\n/chuabaocao\n" > out/19-chuabaocao.txt
say binh "/huy\n/xuat\n/bieudo quý 4\n/baocaothang\n" > out/20-files.txt
say binh "/huy\n/khoaso tháng 10\n1\n/khoaso tháng 10\n" > out/21-khoaso.txt
say binh "/huy\n/lich\n1\n" > out/22-lich-officer.txt
say binh "/moi\n1\n5\n" > out/23-moi.txt
say binh "/chibo thon 2\n/thuhoi\n" > out/24-chibo-thuhoi.txt
say binh "/huy\n/lamgi\n" > out/25-misc.txt
ls out
