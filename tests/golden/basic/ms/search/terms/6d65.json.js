credcatSearchData("terms/6d65.json", {
  "membersihkan": [
    2,
    1
  ],
  "membetulkan": [
    2,
    4
  ],
  "mencari": [
    2,
    4
  ],
  "mendokumenkan": [
    2,
    3
  ],
  "mengesan": [
    2,
    3
  ]
}
);
